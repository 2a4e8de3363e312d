/**
 * The design's {@code ISyncStorage}: the cursors synchronization resumes from, read through
 * {@link dev.docreactor.sync.storage.SyncStorage}. The pull connector keeps them as Connect source
 * offsets ({@link dev.docreactor.sync.storage.SourceOffsetSyncStorage}); the push connector's cursor
 * is its sink consumer group's committed offset, which Connect keeps without this package.
 */
package dev.docreactor.sync.storage;
