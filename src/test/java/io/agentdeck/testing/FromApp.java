package io.agentdeck.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of an {@link AppTest} class that the running app fills before each test (and, for a shared app in a
 * per-class test instance, before {@code @BeforeAll} too): a {@link TestApp}, its {@link FakeOpenAiServer}, an
 * {@link HttpJson} that sends the token, or the {@link io.agentdeck.engine.Engine}.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface FromApp {}
