package io.agentdeck.persistence;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Has Hibernate make no proxy classes. By default it generates, with ByteBuddy, a lazy-loading proxy class for each
 * entity every time it starts; generated classes cannot be kept in the installers' AOT cache, so every start paid for
 * them (about 130 ms of a 1.6 s headless start on 2 cores, and 8 MB of memory; docs/benchmarks.md). AgentDeck's
 * entities have no associations and are never loaded by reference, so no proxy is ever asked for. Hibernate's own
 * provider for this case (the one it uses when no bytecode library is present) answers a request for a proxy with
 * an exception naming the cause, so a lazy association added later fails loudly in the tests, not quietly.
 *
 * <p>Found by Hibernate through {@code META-INF/services/org.hibernate.service.spi.ServiceContributor}.
 */
public final class NoEntityProxies implements ServiceContributor {
    @Override
    public void contribute(StandardServiceRegistryBuilder registry) {
        registry.addService(BytecodeProvider.class, new org.hibernate.bytecode.internal.none.BytecodeProviderImpl());
    }
}
