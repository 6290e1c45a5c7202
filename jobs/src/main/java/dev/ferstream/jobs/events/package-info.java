/**
 * The job's internal record types. They are plain Java records of primitives, strings and arrays, so Flink
 * serialises them with its POJO serializer (fast, no Kryo); Avro types appear only at the Kafka boundary.
 */
package dev.ferstream.jobs.events;
