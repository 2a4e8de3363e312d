/**
 * The contract every module shares: the facts that more than one component spells and that must
 * therefore be defined exactly once.
 *
 * <ul>
 *   <li>{@link dev.docreactor.contract.TopicNames}: the names of a reactor's topics and of its Kafka
 *       Streams application, derived from the reactor id;</li>
 *   <li>{@link dev.docreactor.contract.EventBusKey}: the key of an operations-store entry, which is also
 *       the key of its event-bus record;</li>
 *   <li>{@link dev.docreactor.contract.Scopes}: the scope names with a meaning of their own;</li>
 *   <li>{@link dev.docreactor.contract.IdRules}: which ids and names are valid, and why there are three
 *       rules;</li>
 *   <li>{@link dev.docreactor.contract.DeadLetters}: how a dead letter is made and read;</li>
 *   <li>{@link dev.docreactor.contract.Heartbeats}: how a sync heartbeat is keyed on a queue.</li>
 * </ul>
 *
 * <p>These classes depend on nothing but the JDK and the generated Avro records, so the reactor, the
 * sync connector, the quickstart and the benchmark can all use them without pulling in Kafka Streams or
 * Connect.
 */
package dev.docreactor.contract;
