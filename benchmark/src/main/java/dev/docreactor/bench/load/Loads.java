package dev.docreactor.bench.load;

/** Preloading a queue topic with documents and batched PATCH jobs. */
public final class Loads {

    private Loads() {
    }

    /**
     * Writes {@code documents} creations, then {@code operations} PATCH actions in jobs of
     * {@code perJob} actions, spread round-robin over the documents (named {@code doc-<i>}).
     *
     * @return the number of jobs written
     */
    public static int batched(Cluster cluster, String topic, String prefix, int documents, int operations, int perJob) {
        return batched(cluster, topic, prefix, documents, operations, perJob, true);
    }

    /**
     * Like {@link #batched(Cluster, String, String, int, int, int)}; without {@code create} the documents
     * must exist already and only the PATCH jobs are written.
     */
    public static int batched(Cluster cluster, String topic, String prefix, int documents, int operations, int perJob,
                              boolean create) {
        Jobs jobs = new Jobs(prefix);
        int batches = operations / perJob;
        try (JobSender sender = new JobSender(cluster, topic)) {
            for (int d = 0; create && d < documents; d++) {
                sender.send(jobs.create("doc-" + d));
            }
            for (int b = 0; b < batches; b++) {
                sender.send(jobs.patches("doc-" + (b % documents), "n", perJob));
            }
        }
        return (create ? documents : 0) + batches;
    }
}
