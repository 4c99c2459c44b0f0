package io.posdb.lint;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A read-only view of a SnakeYAML node that keeps its line: what lets every finding point
 * at a file and line. Absent keys give {@link #MISSING}, so navigation never needs null checks.
 */
final class YamlNode {

    static final YamlNode MISSING = new YamlNode(null);

    private final Node node;

    YamlNode(Node node) {
        this.node = node;
    }

    boolean exists() {
        return node != null;
    }

    /** 1-based line where the node starts (0 when missing). */
    int line() {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    YamlNode get(String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return new YamlNode(tuple.getValueNode());
                }
            }
        }
        return MISSING;
    }

    /** The keys of a mapping, in order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k) {
                    keys.add(k.getValue());
                }
            }
        }
        return keys;
    }

    /** The items of a sequence (empty for anything else). */
    List<YamlNode> items() {
        List<YamlNode> items = new ArrayList<>();
        if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> items.add(new YamlNode(item)));
        }
        return items;
    }

    /** A scalar's text, or null. */
    String text() {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    String text(String key) {
        return get(key).text();
    }

    /**
     * Liquibase accepts a list of one-key maps where a map is expected (preConditions:
     * {@code - onFail: MARK_RAN}); this finds {@code key} either way.
     */
    YamlNode find(String key) {
        YamlNode direct = get(key);
        if (direct.exists()) {
            return direct;
        }
        for (YamlNode item : items()) {
            YamlNode value = item.get(key);
            if (value.exists()) {
                return value;
            }
        }
        return MISSING;
    }

    /** Every scalar below this node, in document order: for searching a table name or SQL. */
    List<String> scalars() {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(Node node, List<String> out) {
        if (node instanceof ScalarNode scalar) {
            out.add(scalar.getValue());
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> collect(item, out));
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                collect(tuple.getValueNode(), out);
            }
        }
    }
}
