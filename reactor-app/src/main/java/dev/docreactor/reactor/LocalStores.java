package dev.docreactor.reactor;

import dev.docreactor.contract.EventBusKey;
import dev.docreactor.contract.Scopes;
import dev.docreactor.reactor.api.ReactorException;
import dev.docreactor.reactor.executor.ReplicationWatermarks;
import dev.docreactor.reactor.executor.SyncAcks;
import dev.docreactor.reactor.merge.StateTexts;
import dev.docreactor.reactor.merge.TornReadException;
import dev.docreactor.reactor.model.DocumentModelRegistry;
import dev.docreactor.reactor.store.KafkaMergeStorage;
import dev.docreactor.reactor.store.StoreNames;
import dev.docreactor.reactor.view.DocumentReader;
import dev.docreactor.reactor.view.DocumentSummary;
import dev.docreactor.reactor.view.DocumentViews;
import dev.docreactor.schema.DocumentSnapshot;
import dev.docreactor.schema.JobResult;
import dev.docreactor.schema.Operation;
import dev.docreactor.serde.AvroSerdes;
import dev.docreactor.serde.RecordFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
/**
 * This instance's Kafka Streams stores as the HTTP API reads them (interactive queries): document views,
 * operations, job results, sync acknowledgements, replication watermarks, and which instance hosts what.
 * A document's states are rebuilt from the operations and bookkeeping stores by the reactor's own merge
 * ({@link DocumentReader}). A store that cannot be queried right now (a rebalance, a restoration) is a
 * {@link ReactorException.Unavailable}, answered 503 with a hint to retry or to accept stale data; so is a
 * document that kept changing while it was read.
 */
final class LocalStores {

    private static final StringSerializer STRING = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final ReactorConfig config;
    private final DocumentModelRegistry models;
    /** The job-results store keeps the topic's bytes. */
    private final RecordFormat<JobResult> jobResults;
    /** The operations store's values (built once: a format reads the schema history when it is made). */
    private final RecordFormat<Operation> operations = AvroSerdes.operation().format();
    /** The states document reads answered, kept while their heads do not move (reactor.read.cache.max.bytes). */
    private final StateTexts stateTexts;

    LocalStores(KafkaStreams streams, HostInfo self, ReactorConfig config, DocumentModelRegistry models) {
        this.streams = streams;
        this.self = self;
        this.config = config;
        this.models = models;
        this.jobResults = config.valueSerdes().format(JobResult.class, config.jobResultsTopic());
        this.stateTexts = new StateTexts(config.readCacheMaxBytes());
    }

    /** Where a document's stores are: its partition (one task holds all its stores) and their hosts. */
    private KeyQueryMetadata metadataOf(String documentId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.DOCUMENTS, documentId, STRING);
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new ReactorException.Unavailable("the reactor is not ready to answer queries (Kafka Streams is " + streams.state() + ")");
        }
        return metadata;
    }

    Optional<String> remoteOwnerOfDocument(String documentId, boolean staleAllowed) {
        KeyQueryMetadata metadata = metadataOf(documentId);
        HostInfo active = metadata.activeHost();
        if (active.equals(self) || staleAllowed && metadata.standbyHosts().contains(self)) {
            return Optional.empty();
        }
        return Optional.of(active.host() + ":" + active.port());
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return store(name, null, false);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, boolean staleAllowed) {
        return store(name, null, staleAllowed);
    }

    /**
     * A store of this instance: all its local partitions together, or only {@code partition} (sorted by key);
     * with {@code staleAllowed} also standby or restoring copies (Kafka Streams' stale stores).
     */
    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Integer partition, boolean staleAllowed) {
        return keyedStore(name, partition, staleAllowed);
    }

    /** {@link #store(String, Integer, boolean)} with keys of any type. */
    private <K, V> ReadOnlyKeyValueStore<K, V> keyedStore(String name, Integer partition, boolean staleAllowed) {
        StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> query =
            StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore());
        if (partition != null) {
            query = query.withPartition(partition);
        }
        try {
            return streams.store(staleAllowed ? query.enableStaleStores() : query);
        } catch (InvalidStateStoreException e) {
            throw new ReactorException.Unavailable("store " + name + (partition == null ? "" : " partition " + partition)
                + " is not queryable right now (Kafka Streams is " + streams.state() + "); retry shortly"
                + (staleAllowed ? "" : ", or accept data that may lag behind with ?stale=true"));
        }
    }

    /**
     * A document's view with its states: the view records and the merge's stores of the document's partition,
     * read by the reactor's own merge (read-only), again if a job was being written meanwhile.
     */
    Optional<DocumentSnapshot> localDocument(String documentId, String branch, boolean staleAllowed) {
        int partition = metadataOf(documentId).partition();
        KafkaMergeStorage storage = KafkaMergeStorage.readOnly(store(StoreNames.OPERATIONS, partition, staleAllowed),
            keyedStore(StoreNames.MERGE, partition, staleAllowed), store(StoreNames.STREAMS, partition, staleAllowed), operations);
        // The merge's clock only stamps new operations; a read creates none.
        DocumentReader reader = DocumentReader.over(store(StoreNames.DOCUMENTS, partition, staleAllowed),
            config.merger(storage, models, System::currentTimeMillis), stateTexts);
        try {
            return reader.read(documentId, branch);
        } catch (TornReadException e) {
            throw new ReactorException.Unavailable(e.getMessage() + "; the document is being written: retry shortly");
        }
    }

    /** Whether a document branch has view records here (deleted or not), without reading its states. */
    boolean localDocumentExists(String documentId, String branch, boolean staleAllowed) {
        int partition = metadataOf(documentId).partition();
        return DocumentViews.read(this.<DocumentSnapshot>store(StoreNames.DOCUMENTS, partition, staleAllowed), documentId, branch)
            .isPresent();
    }

    List<DocumentSummary> localDocuments(String after, int limit) {
        // The composite store concatenates its partitions' stores: list each partition in order, then merge.
        List<DocumentSummary> found = new ArrayList<>();
        for (int partition : localPartitions(StoreNames.DOCUMENTS)) {
            found.addAll(DocumentViews.list(this.<DocumentSnapshot>store(StoreNames.DOCUMENTS, partition, false), after, limit));
        }
        found.sort(Comparator.comparing(DocumentSummary::id, DocumentViews.ID_ORDER));
        return found.size() <= limit ? found : List.copyOf(found.subList(0, limit));
    }

    /** The partitions of a store whose active task runs on this instance. */
    private Set<Integer> localPartitions(String store) {
        Set<Integer> partitions = new TreeSet<>();
        for (StreamsMetadata metadata : streams.streamsMetadataForStore(store)) {
            if (metadata.hostInfo().equals(self)) {
                metadata.topicPartitions().forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    List<String> otherInstances() {
        return streams.streamsMetadataForStore(StoreNames.DOCUMENTS).stream().map(StreamsMetadata::hostInfo)
            .filter(host -> !host.equals(self)).map(host -> host.host() + ":" + host.port()).distinct().toList();
    }

    List<Operation> localOperations(String documentId, String scope, String branch, long fromIndex, int limit,
                                           boolean staleAllowed) {
        List<Operation> ops = new ArrayList<>();
        ReadOnlyKeyValueStore<String, Operation> store = store(StoreNames.OPERATIONS, staleAllowed);
        try (KeyValueIterator<String, Operation> it = store.range(EventBusKey.format(documentId, branch, scope, fromIndex),
            EventBusKey.format(documentId, branch, scope, Long.MAX_VALUE))) {
            while (it.hasNext() && ops.size() < limit) {
                KeyValue<String, Operation> entry = it.next();
                ops.add(entry.value);
            }
        }
        return ops;
    }

    Optional<JobResult> localJobResult(String jobId) {
        byte[] stored = this.<byte[]>store(StoreNames.JOB_RESULTS).get(jobId);
        return stored == null ? Optional.empty() : Optional.of(jobResults.decode(stored));
    }

    Map<String, String> localSyncStatus(String documentId, String remoteReactorId, List<String> operationIds) {
        ReadOnlyKeyValueStore<String, String> store = store(StoreNames.SYNC_ACKS);
        Map<String, String> status = new LinkedHashMap<>();
        for (String id : operationIds) {
            String ack = store.get(SyncAcks.key(documentId, remoteReactorId, id));
            status.put(id, ack == null ? "pending" : ack);
        }
        return status;
    }

    OptionalLong localReplicationWatermark(String remoteReactorId) {
        return ReplicationWatermarks.decode(this.<byte[]>store(StoreNames.STREAMS).get(ReplicationWatermarks.key(remoteReactorId)));
    }

    List<String> localOwnOperationIds(String documentId, String branch) {
        ReadOnlyKeyValueStore<String, Operation> store = store(StoreNames.OPERATIONS);
        String prefix = EventBusKey.documentPrefix(documentId, branch);
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        try (KeyValueIterator<String, Operation> it = store.prefixScan(prefix, STRING)) {
            while (it.hasNext()) {
                Operation op = it.next().value;
                if (op.getOrigin().equals(config.reactorId()) && Scopes.isSynchronized(op.getScope())) {
                    ids.add(op.getId());
                }
            }
        }
        return List.copyOf(ids);
    }
}
