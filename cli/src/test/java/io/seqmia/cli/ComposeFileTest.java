package io.seqmia.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.seqmia.attacker.AttackerConfig;
import io.seqmia.streams.StreamsAppConfig;
import io.seqmia.testkit.KafkaBrokerExtension;
import io.seqmia.trainer.DeviceSelector;
import io.seqmia.trainer.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml, docker-compose.gpu.yml, .env and the Dockerfile checked against the code (this machine has
 * no Docker engine to run them): commands and keys the code accepts, environment keys it reads, versions that
 * agree, volumes over every stateful path, build targets that exist, healthchecks, local-only ports.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // surefire runs in cli/
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** The environment keys the seqmia code reads. */
  private static final Set<String> ENVIRONMENT = Set.of(KafkaOptions.BOOTSTRAP_ENV, "SEQMIA_TOPIC_PREFIX",
      "SEQMIA_HTTP_PORT", DeviceSelector.ENVIRONMENT);
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

  private static JsonNode compose(String file) throws Exception {
    return YAML.readTree(ROOT.resolve(file).toFile());
  }

  private static Map<String, String> env() throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve(".env"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return env;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The services that run the seqmia image (their command is a seqmia command). */
  private static Map<String, JsonNode> seqmiaServices(JsonNode compose) {
    Map<String, JsonNode> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = compose.path("services").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().path("image").asText().startsWith("seqmia")) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  @Test
  void versionsAgreeAndEveryVariableIsDefined() throws Exception {
    Map<String, String> env = env();
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher kafka = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
    assertTrue(kafka.find());
    assertEquals("apache/kafka:" + kafka.group(1), env.get("KAFKA_IMAGE"), ".env and pom.xml's kafka.version");
    assertEquals(KafkaBrokerExtension.KAFKA_IMAGE, env.get("KAFKA_IMAGE"), ".env and the test broker image");
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertTrue(dockerfile.contains("ARG CUDA_RUNTIME_IMAGE=" + env.get("CUDA_RUNTIME_IMAGE")),
        "the Dockerfile's CUDA image default is .env's");
    for (String file : List.of("docker-compose.yml", "docker-compose.gpu.yml")) {
      Matcher m = VARIABLE.matcher(Files.readString(ROOT.resolve(file)));
      while (m.find()) {
        assertTrue(env.containsKey(m.group(1)), file + " uses ${" + m.group(1) + "}, which .env does not define");
      }
    }
  }

  @Test
  void everySeqmiaServiceRunsACommandTheCliHasWithKeysItsStageAccepts() throws Exception {
    CommandLine cli = new CommandLine(new Seqmia());
    for (JsonNode compose : List.of(compose("docker-compose.yml"), compose("docker-compose.gpu.yml"))) {
      for (Iterator<Map.Entry<String, JsonNode>> it = compose.path("services").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> service = it.next();
        String command = strings(service.getValue().path("command")).stream().findFirst().orElse("trainer");
        for (Iterator<String> keys = service.getValue().path("environment").fieldNames(); keys.hasNext(); ) {
          String key = keys.next();
          if (key.startsWith("SEQMIA_")) {
            assertTrue(ENVIRONMENT.contains(key) || stageEnvironment(command).contains(key), service.getKey()
                + ": environment key " + key + " is read by no seqmia code for `" + command + "`; known: "
                + ENVIRONMENT + " and " + stageEnvironment(command));
          }
        }
      }
    }
    Map<String, JsonNode> services = seqmiaServices(compose("docker-compose.yml"));
    assertEquals(Set.of("topics", "streams-app", "trainer", "attacker", "replay"), services.keySet());
    for (Map.Entry<String, JsonNode> e : services.entrySet()) {
      List<String> command = strings(e.getValue().path("command"));
      assertTrue(cli.getSubcommands().containsKey(command.get(0)), e.getKey() + ": no command " + command.get(0));
      Properties keys = settings(e.getValue());
      switch (command.get(0)) {
        case "streams" -> StreamsAppConfig.fromProperties(keys); // each rejects unknown keys
        case "trainer" -> TrainerConfig.fromProperties(keys);
        case "attacker" -> AttackerConfig.fromProperties(keys);
        default -> assertTrue(keys.size() == 1, e.getKey() + ": --set on a command without stage keys");
      }
    }
  }

  /** The SEQMIA_* names of a stage command's declared keys (none for other commands). */
  private static Set<String> stageEnvironment(String command) {
    Set<String> names = new java.util.HashSet<>();
    ConfigCommand.STAGES.stream().filter(d -> d.stage().equals(command))
        .forEach(d -> d.keys().forEach(k -> names.add(io.seqmia.kernel.StageConfigDef.envName(k))));
    return names;
  }

  /** The service's stage keys from its environment and its --set flags (and a bootstrap address). */
  private static Properties settings(JsonNode service) {
    Properties p = new Properties();
    Map<String, String> environment = new HashMap<>();
    service.path("environment").fields().forEachRemaining(f -> environment.put(f.getKey(), f.getValue().asText()));
    p.putAll(ConfigOptions.fromEnvironment(environment,
        ConfigCommand.STAGES.toArray(io.seqmia.kernel.StageConfigDef[]::new)));
    p.remove("bootstrap.servers");
    List<String> command = strings(service.path("command"));
    for (int i = 0; i < command.size() - 1; i++) {
      if (command.get(i).equals("--set")) {
        String kv = command.get(i + 1);
        p.setProperty(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    p.setProperty("bootstrap.servers", "kafka:9092");
    return p;
  }

  @Test
  void everyStatefulPathIsOnAVolumeAndTheClusterKeepsItsId() throws Exception {
    JsonNode compose = compose("docker-compose.yml");
    for (Map.Entry<String, JsonNode> e : seqmiaServices(compose).entrySet()) {
      Set<String> mounted = mountTargets(e.getValue());
      for (Map.Entry<Object, Object> key : settings(e.getValue()).entrySet()) {
        if (key.getKey().toString().endsWith(".dir")) {
          assertTrue(mounted.contains(key.getValue().toString()), e.getKey() + ": " + key.getKey() + "="
              + key.getValue() + " is on no volume, so `down` would lose it; mounted: " + mounted);
        }
      }
    }
    JsonNode kafka = compose.path("services").path("kafka");
    String logDirs = kafka.path("environment").path("KAFKA_LOG_DIRS").asText();
    assertTrue(mountTargets(kafka).contains(logDirs), "the broker's log dirs " + logDirs + " are on a volume");
    assertEquals("${CLUSTER_ID}", kafka.path("environment").path("CLUSTER_ID").asText(), "a fixed cluster id");
    for (JsonNode volume : List.of(compose.path("volumes"))) {
      for (String name : List.of("kafka-data", "streams-state", "models", "attack-models")) {
        assertTrue(volume.has(name), "named volume " + name);
      }
    }
  }

  private static Set<String> mountTargets(JsonNode service) {
    Set<String> out = new HashSet<>();
    service.path("volumes").forEach(v -> {
      String[] parts = v.asText().split(":");
      out.add(parts[1]);
    });
    return out;
  }

  @Test
  void buildTargetsExistHealthchecksGateTheStartAndPortsAreLocal() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    Set<String> stages = new HashSet<>();
    Matcher from = Pattern.compile("(?m)^FROM \\S+ AS (\\S+)").matcher(dockerfile);
    while (from.find()) {
      stages.add(from.group(1));
    }
    for (String file : List.of("docker-compose.yml", "docker-compose.gpu.yml")) {
      for (JsonNode service : compose(file).path("services")) {
        JsonNode build = service.path("build");
        if (!build.isMissingNode()) {
          assertTrue(Files.isDirectory(ROOT.resolve(build.path("context").asText())), file + ": build context");
          assertTrue(stages.contains(build.path("target").asText()), file + ": no Dockerfile stage "
              + build.path("target").asText() + "; stages: " + stages);
        }
        service.path("ports").forEach(port -> assertTrue(port.asText().startsWith("127.0.0.1:"),
            file + ": port " + port.asText() + " is published on every interface"));
      }
    }
    JsonNode services = compose("docker-compose.yml").path("services");
    for (String name : List.of("kafka", "ui", "streams-app", "trainer", "attacker")) {
      JsonNode check = services.path(name).path("healthcheck");
      assertTrue(check.has("test") && check.has("start_period"), name + ": healthcheck with start_period");
    }
    for (String name : List.of("streams-app", "trainer", "attacker")) {
      String port = services.path(name).path("environment").path("SEQMIA_HTTP_PORT").asText();
      assertTrue(services.path(name).path("healthcheck").path("test").toString().contains("/" + port + " ")
          && services.path(name).path("healthcheck").path("test").toString().contains("GET /health"),
          name + ": the healthcheck asks /health on the service's own SEQMIA_HTTP_PORT " + port);
    }
    assertEquals("service_healthy", services.path("topics").path("depends_on").path("kafka").path("condition")
        .asText());
    for (String name : List.of("streams-app", "trainer", "attacker", "replay")) {
      assertEquals("service_completed_successfully", services.path(name).path("depends_on").path("topics")
          .path("condition").asText(), name + " starts once every topic exists");
    }
    for (String name : List.of("streams-app", "trainer", "attacker")) {
      String grace = services.path(name).path("stop_grace_period").asText();
      assertTrue(grace.endsWith("s") && Integer.parseInt(grace.replace("s", "")) >= 60,
          name + ": stop_grace_period " + grace + " is shorter than the services' 60 s close");
    }
    assertEquals(Set.of("trainer"), fieldNames(compose("docker-compose.gpu.yml").path("services")),
        "the GPU file replaces the trainer service, so a CPU and a GPU trainer never run at once");
    assertTrue(dockerfile.contains("USER seqmia"), "the images do not run as root");
    assertTrue(Files.readString(ROOT.resolve(".dockerignore")).contains("**/target"), ".dockerignore");
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> out = new HashSet<>();
    node.fieldNames().forEachRemaining(out::add);
    if (out.isEmpty()) {
      fail("no services in " + node);
    }
    return out;
  }
}
