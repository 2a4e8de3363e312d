package dev.docreactor.reactor.model;

import com.fasterxml.jackson.databind.JsonNode;

/** PLACEHOLDER until the incremental hash tree lands: recomputes everything. */
public final class StateTree implements StateChanges {

    public static final String VERSION_PREFIX = "2:";

    private JsonNode root;
    private String hash;
    private long bytes = -1;

    private StateTree(JsonNode root) {
        this.root = root;
    }

    public static StateTree of(JsonNode root) {
        return new StateTree(root);
    }

    public static String hash(JsonNode root) {
        return "2:" + CanonicalJson.hash(root);
    }

    public String hash() {
        if (hash == null) {
            hash = hash(root);
        }
        return hash;
    }

    public long canonicalBytes() {
        if (bytes < 0) {
            bytes = JsonMeasure.utf8Length(CanonicalJson.write(root));
        }
        return bytes;
    }

    public long memoryBytes() {
        return 64;
    }

    private void dirty(JsonNode newRoot) {
        root = newRoot;
        hash = null;
        bytes = -1;
    }

    @Override
    public void added(JsonNode root, String pointer) {
        dirty(root);
    }

    @Override
    public void removed(JsonNode root, String pointer) {
        dirty(root);
    }

    @Override
    public void replaced(JsonNode root, String pointer) {
        dirty(root);
    }

    @Override
    public void moved(JsonNode root, String from, String to) {
        dirty(root);
    }
}
