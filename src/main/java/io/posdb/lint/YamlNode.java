package io.posdb.lint;

import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A read-only view of a SnakeYAML node that keeps its line: what lets every finding point
 * at a file and line. Absent keys give {@link #MISSING}, so navigation never needs null checks.
 */
record YamlNode(Node node) {

    static final YamlNode MISSING = new YamlNode(null);

    boolean exists() {
        return node != null;
    }

    /** 1-based line where the node starts (0 when missing). */
    int line() {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    YamlNode get(String key) {
        return tuples().filter(tuple -> tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key))
                .map(tuple -> new YamlNode(tuple.getValueNode())).findFirst().orElse(MISSING);
    }

    /** The keys of a mapping, in order. */
    List<String> keys() {
        return tuples().map(NodeTuple::getKeyNode).filter(ScalarNode.class::isInstance)
                .map(k -> ((ScalarNode) k).getValue()).toList();
    }

    private Stream<NodeTuple> tuples() {
        return node instanceof MappingNode mapping ? mapping.getValue().stream() : Stream.empty();
    }

    /** The items of a sequence (empty for anything else). */
    List<YamlNode> items() {
        return node instanceof SequenceNode sequence ? sequence.getValue().stream().map(YamlNode::new).toList() : List.of();
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
        return direct.exists() ? direct
                : items().stream().map(item -> item.get(key)).filter(YamlNode::exists).findFirst().orElse(MISSING);
    }

    /** Every scalar below this node, in document order: for searching a table name or SQL. */
    Stream<String> scalars() {
        return text() != null ? Stream.of(text())
                : Stream.concat(items().stream(), tuples().map(tuple -> new YamlNode(tuple.getValueNode())))
                        .flatMap(YamlNode::scalars);
    }
}
