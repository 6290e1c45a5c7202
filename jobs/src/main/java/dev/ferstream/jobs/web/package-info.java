/**
 * The live web view of the stream: a downstream {@code read_committed} consumer of the job's output topics
 * ({@link dev.ferstream.jobs.web.TopicFeed}) keeps a small in-memory picture of the stream
 * ({@link dev.ferstream.jobs.web.StreamView}) and pushes every change to browsers as server-sent events
 * ({@link dev.ferstream.jobs.web.EventHub}) from the JDK's embedded HTTP server ({@link dev.ferstream.jobs.web.WebServer}).
 * The page is static HTML/JS/CSS from the classpath: no front-end build chain.
 */
package dev.ferstream.jobs.web;
