/**
 * Console-consumer formatters: {@link org.apache.kafka.common.MessageFormatter}s that print each of a
 * reactor's topics as JSON lines in Kafka's own {@code kafka-console-consumer.sh}. One class per record
 * type ({@link OperationFormatter}, {@link JobFormatter}, {@link JobResultFormatter},
 * {@link DeadLetterFormatter}), all sharing {@link RecordLineFormatter}; usage in {@code docs/TOOLING.md}.
 */
package dev.docreactor.formatter;
