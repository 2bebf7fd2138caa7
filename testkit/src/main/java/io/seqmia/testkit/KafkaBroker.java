package io.seqmia.testkit;

/** What a test gets from {@link KafkaBrokerExtension}: a running broker and how it was provided. */
public interface KafkaBroker {

  String bootstrapServers();

  /** "testcontainers" or "embedded". */
  String kind();
}
