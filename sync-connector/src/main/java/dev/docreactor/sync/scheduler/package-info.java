/**
 * The design's scheduler: {@link dev.docreactor.sync.scheduler.AdaptiveSchedulePolicy} decides the pull
 * task's wait between polls from what it observed. Pure logic without Kafka clients.
 */
package dev.docreactor.sync.scheduler;
