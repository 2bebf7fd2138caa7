package io.seqmia.streams;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * One task's view of the counters: every increment goes to the JVM-wide {@link StreamsCounters} and to a
 * Kafka Streams sensor of this task, so the counts show in {@code KafkaStreams.metrics()} (and JMX) as
 * group {@value #METRICS_GROUP}, name = the counter's name, tag {@code task-id}; the sum over tasks is
 * the application's total. A task's sensors are removed when it closes (e.g. moves to another instance).
 */
final class TaskCounters {

  static final String METRICS_GROUP = "seqmia-streams";
  static final String TASK_TAG = "task-id";

  private final StreamsCounters totals;
  private final StreamsMetrics metrics;
  private final Map<StreamsCounters.Counter, Sensor> sensors = new EnumMap<>(StreamsCounters.Counter.class);

  TaskCounters(StreamsCounters totals, StreamsMetrics metrics, String taskId) {
    this.totals = totals;
    this.metrics = metrics;
    for (StreamsCounters.Counter c : StreamsCounters.Counter.values()) {
      // Sensor names are global to the client: the task id keeps the tasks' sensors apart.
      Sensor sensor = metrics.addSensor(METRICS_GROUP + "." + taskId + "." + c.metricName, Sensor.RecordingLevel.INFO);
      sensor.add(new MetricName(c.metricName, METRICS_GROUP, c.description, Map.of(TASK_TAG, taskId)),
          new CumulativeSum());
      sensors.put(c, sensor);
    }
  }

  void add(StreamsCounters.Counter counter, long n) {
    if (n != 0) {
      counter.of(totals).addAndGet(n);
      sensors.get(counter).record(n);
    }
  }

  void increment(StreamsCounters.Counter counter) {
    add(counter, 1);
  }

  StreamsCounters totals() {
    return totals;
  }

  void close() {
    sensors.values().forEach(metrics::removeSensor);
    sensors.clear();
  }
}
