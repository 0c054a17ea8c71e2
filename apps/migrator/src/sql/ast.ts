import type { Node } from 'libpg-query';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/** The name of a parse-tree node type, e.g. `AlterTableStmt`. */
export type NodeType = KeysOfUnion<Node>;

/** The fields of a node of type `T`: `NodeOf<'IndexStmt'>` is the `IndexStmt` interface. */
export type NodeOf<T extends NodeType> = Node extends infer Each
  ? Each extends { [Key in T]: infer Fields }
    ? Fields
    : never
  : never;

/** A node is an object with a single key, its type: `{ IndexStmt: {...} }`. */
export function nodeTypeOf(node: Node): NodeType {
  return Object.keys(node)[0] as NodeType;
}

/** The fields of `node` when it is of type `type`. */
export function nodeAs<T extends NodeType>(node: Node | undefined, type: T): NodeOf<T> | undefined {
  if (node === undefined || !(type in node)) return undefined;
  return (node as Record<T, NodeOf<T>>)[type];
}

/** The fields of every node of type `type` in `nodes`. */
export function nodesAs<T extends NodeType>(nodes: Node[] | undefined, type: T): NodeOf<T>[] {
  return (nodes ?? []).flatMap((node) => {
    const fields = nodeAs(node, type);
    return fields === undefined ? [] : [fields];
  });
}

/** The parts of a dotted name such as `schema.table`, stored as a list of `String` nodes. */
export function nameParts(nodes: Node[] | undefined): string[] {
  return nodesAs(nodes, 'String').map((part) => part.sval ?? '');
}

/** Every node of type `type` anywhere below `root` (depth first). */
export function findNodes<T extends NodeType>(root: unknown, type: T): NodeOf<T>[] {
  const found: NodeOf<T>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === type) found.push(child as NodeOf<T>);
        visit(child);
      }
    }
  };
  visit(root);
  return found;
}
