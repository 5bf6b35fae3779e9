package dev.vitrina.infra.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * Dev/CI-only single-node OpenSearch launcher for Vitrina (started by scripts/infra/opensearch.mjs).
 *
 * <p>Builds a {@link Node} directly with the official modules as classpath plugins. This bypasses
 * org.opensearch.bootstrap.Bootstrap (bootstrap checks, SecurityManager, seccomp, jar hell), which
 * is fine for a loopback-only test node and is what makes a plain {@code java -cp lib/*} start work.
 *
 * <p>Usage: {@code VitrinaOpenSearch <home> <httpPort> <transportPort>}. Any
 * {@code -Dvitrina.os.setting.<key>=<value>} system property is added as a node setting.
 */
public final class VitrinaOpenSearch {

    /** Same modules as the distribution's modules/ directory, minus geoip/user-agent/expression/url. */
    static final List<Class<? extends Plugin>> MODULES = List.of(
            org.opensearch.transport.Netty4Plugin.class,
            org.opensearch.analysis.common.CommonAnalysisPlugin.class,
            org.opensearch.painless.PainlessPlugin.class,
            org.opensearch.script.mustache.MustachePlugin.class,
            org.opensearch.index.mapper.MapperExtrasPlugin.class,
            org.opensearch.index.reindex.ReindexPlugin.class,
            org.opensearch.join.ParentJoinPlugin.class,
            org.opensearch.percolator.PercolatorPlugin.class,
            org.opensearch.search.aggregations.matrix.MatrixAggregationPlugin.class,
            org.opensearch.index.rankeval.RankEvalPlugin.class,
            org.opensearch.ingest.common.IngestCommonPlugin.class);

    /** Node's plugin-aware constructor is protected. */
    static final class ClasspathPluginsNode extends Node {
        ClasspathPluginsNode(Environment env, List<Class<? extends Plugin>> plugins) {
            super(env, plugins, true);
        }
    }

    private VitrinaOpenSearch() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: VitrinaOpenSearch <home> <httpPort> <transportPort>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        for (String dir : new String[] {"config", "data", "logs", "plugins", "modules"}) {
            Files.createDirectories(home.resolve(dir));
        }

        Settings.Builder settings = Settings.builder()
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.name", "vitrina-dev")
                .put("node.name", "vitrina-dev-1")
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", args[1])
                .put("transport.port", args[2])
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.destructive_requires_name", false);
        String prefix = "vitrina.os.setting.";
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith(prefix))
                .forEach(k -> settings.put(k.substring(prefix.length()), System.getProperty(k)));

        Environment env = InternalSettingsPreparer.prepareEnvironment(
                settings.build(), Map.of(), home.resolve("config"), () -> "vitrina-dev-1");
        // Reads config/log4j2.properties (copied there from infra/opensearch by opensearch.mjs).
        LogConfigurator.registerErrorListener();
        LogConfigurator.configure(env);

        Node node = new ClasspathPluginsNode(env, MODULES);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "vitrina-opensearch-shutdown"));
        try {
            node.start();
        } catch (Throwable t) {
            System.err.println("OpenSearch node failed to start:");
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println("VITRINA_OPENSEARCH_STARTED http=127.0.0.1:" + args[1]);
        stopped.await();
    }
}
