/**
 * The design's {@code IChannel}, the link to one remote reactor, in its two directions:
 * {@link dev.docreactor.sync.channel.PullChannel} reads the remote's event bus (the pull task,
 * through {@link dev.docreactor.sync.channel.RemoteEventBusReader}) and
 * {@link dev.docreactor.sync.channel.PushChannel} writes jobs to the remote's queue (the push task,
 * through {@link dev.docreactor.sync.channel.RemoteQueueWriter}). On Kafka each direction is its own
 * connector, and several remotes are several connectors (the design's channel collection).
 */
package dev.docreactor.sync.channel;
