package io.seqmia.kernel;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka client settings that every client of a stage or command gets: {@code bootstrap.servers} and every
 * configuration key that starts with {@value #PREFIX}, with the prefix removed ({@code kafka.security.protocol},
 * {@code kafka.sasl.jaas.config}, {@code kafka.ssl.truststore.location}, ...), so that SASL/SSL clusters work with
 * nothing added. A Kafka-tools-style {@code --command-config FILE} holds the same settings unprefixed.
 *
 * <p>They are applied over seqmia's own client defaults, except the few keys a stage's guarantees rest on (see
 * {@link #applyTo}); naming one of those is an error, not silently ignored.
 */
public final class ClientSettings {

  public static final String PREFIX = "kafka.";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  /** Keys the stages set themselves: exactly-once and offset handling depend on them. */
  static final Set<String> RESERVED = Set.of("key.serializer", "value.serializer", "key.deserializer",
      "value.deserializer", "transactional.id", "enable.idempotence", "isolation.level", "enable.auto.commit",
      "group.id");

  private final Map<String, String> settings;

  private ClientSettings(Map<String, String> settings) {
    this.settings = Map.copyOf(settings);
  }

  /** Only the bootstrap servers. */
  public static ClientSettings of(String bootstrapServers) {
    return of(bootstrapServers, Map.of());
  }

  /**
   * The bootstrap servers and pass-through client settings (unprefixed).
   *
   * @throws IllegalArgumentException when the bootstrap servers are blank or a reserved key is named
   */
  public static ClientSettings of(String bootstrapServers, Map<String, String> clientSettings) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " is required: give the Kafka cluster's host:port"
          + " (--bootstrap-server, or bootstrap.servers in the config file)");
    }
    Map<String, String> all = new TreeMap<>();
    for (Map.Entry<String, String> e : clientSettings.entrySet()) {
      String key = e.getKey().trim();
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(PREFIX + key + ": seqmia sets " + key + " itself (its exactly-once and"
            + " offset handling depend on it); remove it from the configuration");
      }
      if (key.isEmpty()) {
        throw new IllegalArgumentException("'" + PREFIX + "' needs a Kafka client key after it, e.g."
            + " kafka.security.protocol=SASL_SSL");
      }
      all.put(key, e.getValue() == null ? "" : e.getValue().trim());
    }
    all.put(BOOTSTRAP_SERVERS, bootstrapServers.trim());
    return new ClientSettings(all);
  }

  /** {@code bootstrap.servers} and the {@value #PREFIX} keys of a stage's configuration. */
  public static ClientSettings from(Properties config) {
    return of(config.getProperty(BOOTSTRAP_SERVERS), unprefixed(config));
  }

  /** The {@value #PREFIX} keys of a stage's configuration, with the prefix removed. */
  public static Map<String, String> unprefixed(Properties config) {
    Map<String, String> client = new TreeMap<>();
    for (String key : config.stringPropertyNames()) {
      if (key.startsWith(PREFIX)) {
        client.put(key.substring(PREFIX.length()), config.getProperty(key));
      }
    }
    return client;
  }

  /**
   * The keys of a Kafka client properties file (as {@code kafka-console-consumer --command-config} reads it) as
   * {@value #PREFIX} configuration keys, to merge into a stage's configuration.
   */
  public static Map<String, String> readCommandConfig(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--command-config " + file + ": no such file");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("--command-config " + file + ": cannot read it: " + e.getMessage());
    }
    Map<String, String> out = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      out.put(key.equals(BOOTSTRAP_SERVERS) ? key : PREFIX + key, p.getProperty(key));
    }
    return out;
  }

  public String bootstrapServers() {
    return settings.get(BOOTSTRAP_SERVERS);
  }

  /** Every setting, bootstrap.servers included, unprefixed. */
  public Map<String, String> asMap() {
    return settings;
  }

  /** {@code defaults} with these settings over them (a reserved key keeps the default's value). */
  public Properties applyTo(Properties defaults) {
    Properties p = new Properties();
    p.putAll(defaults);
    p.putAll(settings);
    return p;
  }

  @Override
  public String toString() {
    // never print secrets (sasl.jaas.config, passwords): the keys only
    return "ClientSettings" + settings.keySet();
  }
}
