package io.cachet.testkit;

import org.jboss.weld.junit5.EnableWeld;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test whose {@code @WeldSetup} container comes from {@link CachetWeld}: a fresh container per
 * test, the test's {@code @Inject} fields resolved in it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@EnableWeld
public @interface CachetWeldTest {
}
