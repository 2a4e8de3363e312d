#!/usr/bin/env python3
"""Reference implementation of the state hash, version 2 (docs/STATE-HASH.md), independent of the Java code.

Usage:
  python3 docs/state-hash.py FILE.json     prints the hash of the JSON value in FILE ("-": standard input)
  python3 docs/state-hash.py --vectors     prints the test vectors as JSON: [{"input": text, "hash": "2:..."}]

Standard library only. Numbers: integers only (their canonical text is their decimal digits); a document with
fractions needs the canonical number form of docs/STATE-HASH.md, which this script does not implement.
"""
import hashlib
import json
import sys


def sha(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def canonical_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif ch in '\b\f\n\r\t':
            out.append({'\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}[ch])
        elif c < 0x20 or 0xD800 <= c <= 0xDFFF:
            # control characters, and unpaired surrogates (no UTF-8 form): \u escape, lowercase hex
            out.append('\\u%04x' % c)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def canonical_scalar(v):
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return canonical_string(v)
    raise ValueError('only integers, strings, true, false and null are supported: %r' % (v,))


def key_bytes(k):
    # UTF-8; an unpaired surrogate is encoded like a code point of its value (3 bytes)
    return k.encode('utf-8', 'surrogatepass')


def trie(members, level):
    """T of a trie node at `level` holding `members`: a list of (K, M)."""
    if len(members) <= 16 or level == 64:
        return sha(b'\x05', *sorted(m for _, m in members))
    children = [[] for _ in range(16)]
    for k, m in members:
        byte = k[level // 2]
        nibble = byte >> 4 if level % 2 == 0 else byte & 0x0F
        children[nibble].append((k, m))
    return sha(b'\x06', *(trie(c, level + 1) for c in children))


def digest(v):
    if isinstance(v, list):
        return sha(b'\x02', *(digest(e) for e in v))
    if isinstance(v, dict):
        members = []
        for k, value in v.items():
            kb = key_bytes(k)
            m = sha(b'\x03', len(kb).to_bytes(4, 'big'), kb, digest(value))
            members.append((sha(kb), m))
        return sha(b'\x04', len(v).to_bytes(8, 'big'), trie(members, 0))
    return sha(b'\x01', canonical_scalar(v).encode('utf-8'))


def state_hash(v):
    return '2:' + digest(v).hex()


def vectors():
    values = [
        {},
        [],
        {"a": 1},
        [1, "x", None],
        0,
        -42,
        12345678901234567890123,
        True,
        False,
        None,
        "",
        "quote \" backslash \\ slash / newline \n tab \t bell \u0007 unit-sep \u001f",
        "caf\u00e9 \u00fc \u4e2d\u6587 \U0001F600",
        "lone surrogate \ud800 here",
        {"\ud800": 1, "?": 1},
        {"": "", "key with space": [], "\u00e9t\u00e9": {"x": [True, False, None]}},
        [[], [[]], [{}], {"a": [1, [2, [3]]]}],
        {"nested": {"deeper": {"deepest": [1, 2, 3]}}, "list": [{"k": "v"}, {"k": "w"}]},
        {"k%d" % i: i for i in range(16)},
        {"k%d" % i: i for i in range(17)},
        {"k%d" % i: (i if i % 3 else [i, "s%d" % i]) for i in range(40)},
        {"member-%04d" % i: ("value %d" % i if i % 2 else i) for i in range(1000)},
    ]
    out = []
    for v in values:
        # ASCII-only input text where a lone surrogate must be written as an escape
        text = json.dumps(v, ensure_ascii=False, separators=(',', ':'))
        try:
            text.encode('utf-8')
        except UnicodeEncodeError:
            text = json.dumps(v, ensure_ascii=True, separators=(',', ':'))
        out.append({"input": text, "hash": state_hash(v)})
    return out


def main(argv):
    if len(argv) == 2 and argv[1] == '--vectors':
        print(json.dumps(vectors(), ensure_ascii=False, indent=1))
    elif len(argv) == 2:
        text = sys.stdin.read() if argv[1] == '-' else open(argv[1], encoding='utf-8').read()
        print(state_hash(json.loads(text)))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
