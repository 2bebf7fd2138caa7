package io.seqmia.schemas;

import org.apache.kafka.common.serialization.Serde;

/** A topic name paired with the serdes of its keys and values. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
  }
}
