package io.seqmia.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a real Kafka broker ({@link KafkaBrokerExtension}), tagged {@value #TAG}:
 * {@code mvn -B verify -DexcludedGroups=integration} leaves these out for a fast run, {@code mvn -B verify} runs
 * everything.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaBrokerExtension.class)
@Tag(BrokerTest.TAG)
public @interface BrokerTest {
  /** The tag of every test that needs a broker, a model trained for minutes, or a second JVM. */
  String TAG = "integration";
}
