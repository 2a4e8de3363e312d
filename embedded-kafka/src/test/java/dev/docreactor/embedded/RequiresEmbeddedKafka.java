package dev.docreactor.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class whose clusters must be embedded brokers even where a Docker engine is available,
 * because the test controls the broker itself (for example stops and restarts a cluster with its data and
 * ports kept: {@link KafkaClusterExtension#embedded(int)}). The reason is logged when the clusters start.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RequiresEmbeddedKafka {

    /** Why the test needs the embedded broker. */
    String value();
}
