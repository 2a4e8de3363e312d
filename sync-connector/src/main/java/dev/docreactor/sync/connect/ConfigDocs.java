package dev.docreactor.sync.connect;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;

/** Renders the configuration reference (CONFIGURATION.md) from the {@link ConfigDef}, so it never drifts. */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /** The Markdown reference. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Sync connector configuration\n\n")
            .append("<!-- Generated from SyncConnectorConfig.CONFIG_DEF by ConfigDocs; do not edit. ")
            .append("Regenerate: java -jar sync-connector/target/sync-connector.jar config-docs > sync-connector/CONFIGURATION.md -->\n\n")
            .append("Keys of `").append(SyncSourceConnector.class.getName()).append("` (pull) and `")
            .append(SyncSinkConnector.class.getName()).append("` (push).\n")
            .append("Client settings of the clusters pass through with the prefixes `source.` and `target.` ")
            .append("(e.g. `source.security.protocol`, `target.sasl.jaas.config`).\n")
            .append("Push connectors also need `topics` = the local event bus, ")
            .append("`consumer.override.isolation.level=read_committed` and the ByteArrayConverter; pull connectors ")
            .append("run with `exactly.once.support=required` on a worker with `exactly.once.source.support=enabled`. ")
            .append("Dedicated mode sets all of these.\n\n");
        Map<String, List<ConfigDef.ConfigKey>> groups = new TreeMap<>();
        List<String> order = SyncConnectorConfig.CONFIG_DEF.groups();
        for (ConfigDef.ConfigKey key : SyncConnectorConfig.CONFIG_DEF.configKeys().values()) {
            groups.computeIfAbsent(key.group, g -> new java.util.ArrayList<>()).add(key);
        }
        for (String group : order) {
            md.append("## ").append(group).append("\n\n")
                .append("| Key | Type | Default | Valid values | Importance | Description |\n")
                .append("|-----|------|---------|--------------|------------|-------------|\n");
            List<ConfigDef.ConfigKey> keys = groups.get(group);
            keys.sort(java.util.Comparator.comparingInt(k -> k.orderInGroup));
            for (ConfigDef.ConfigKey key : keys) {
                md.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | ").append(defaultValue(key)).append(" | ")
                    .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase()).append(" | ").append(escape(key.documentation))
                    .append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Dedicated mode file\n\n")
            .append("`java -jar sync-connector.jar run --config FILE` reads a properties file:\n\n")
            .append("| Key | Meaning |\n|-----|---------|\n")
            .append("| `bootstrap.servers` | the local cluster: Connect's internal topics, the local event bus and queue |\n")
            .append("| `local.reactor.id` | the local reactor's id |\n")
            .append("| `sync.name` | names the Connect group (`sync-<name>`) and internal topics; default: local.reactor.id |\n")
            .append("| `remotes` | comma-separated remote names |\n")
            .append("| `remote.<name>.reactor.id` | the remote reactor's id; default: the name |\n")
            .append("| `remote.<name>.bootstrap.servers` | the remote cluster |\n")
            .append("| `remote.<name>.mode` | `pull`, `push` or `pull,push` (ping-pong); default `pull` |\n")
            .append("| `remote.<name>.tasks.max` | tasks per connector; default 1 |\n")
            .append("| `remote.<name>.client.<setting>` | client setting of the remote cluster (security, SSL, SASL) |\n")
            .append("| `remote.<name>.<key>` | any key above, for every direction of that remote |\n")
            .append("| `remote.<name>.pull.<key>`, `remote.<name>.push.<key>` | any key above, for one direction |\n")
            .append("| anything else | a Connect worker setting (`listeners`, `group.id`, security, ...); `security.*`, `ssl.*`, `sasl.*` also reach the connectors' local clients and Connect's own `producer.*`, `consumer.*`, `admin.*` clients (unless set); secrets may be `${env:NAME}` or `${file:path:key}` references |\n");
        return md.toString();
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        String text = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
            : value instanceof Class<?> type ? type.getName() : String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;");
    }
}
