#!/usr/bin/python3
"""Rewrites PP-OCR ONNX models so OpenCV 4.6's DNN importer can run them.

OpenCV 4.6 rejects two things these paddle2onnx exports contain:
- Clip with its min/max given as inputs (opset 11): moved into attributes (max 6.0 ...).
- Reshape whose target shape is computed at run time from Shape (the recognition model's
  attention blocks): the computed shape is folded into a constant, writing 0 where the
  reshaped tensor keeps its own dimension and -1 for the one dimension that follows from
  the others, so the model still takes lines of any width.
- ReduceMean over the last axis (the attention blocks' layer norms): OpenCV 4.6 fixes its
  reshape at import, so a line of another width fails at forward. It becomes a MatMul with
  a constant column of 1/C, the same mean and free of the sequence length.
- Constant nodes: OpenCV broadcasts a constant added to a [T, C] tensor along the right
  axis only when the constant is an initializer. All constants become initializers.
- An input declared with free dimensions: OpenCV sizes its layers at import from the declared
  shape, so a free dimension is given a concrete example value (the model still accepts
  other sizes at run time).
Nodes left without consumers are dropped.
Usage: prepare_models.py IN.onnx OUT.onnx N,C,H,W (the example input shape)
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def constants(graph):
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    return values


def move_clip_bounds(graph, values):
    for node in graph.node:
        if node.op_type != "Clip" or len(node.input) == 1:
            continue
        bounds = list(node.input[1:])
        for name, value in zip(["min", "max"], bounds):
            if value == "":
                continue
            if value not in values:
                raise SystemExit("Clip %s has a computed %s: cannot fold" % (node.name, name))
            node.attribute.append(helper.make_attribute(name, float(values[value].reshape(-1)[0])))
        del node.input[1:]


def symbolic_shapes(graph, values):
    """Follows Shape -> Cast/Slice/Concat chains; an element is an int or ('dim', tensor, axis)."""
    producer = {out: node for node in graph.node for out in node.output}
    memo = {}

    def evaluate(name):
        if name in memo:
            return memo[name]
        result = None
        if name in values:
            result = [int(v) for v in np.asarray(values[name]).reshape(-1)]
        elif name in producer:
            node = producer[name]
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if node.op_type == "Shape":
                result = ("shape", node.input[0])  # of unknown rank until sliced
            elif node.op_type in ("Cast", "Identity"):
                result = evaluate(node.input[0])
            elif node.op_type == "Slice" and len(node.input) == 1:
                source = evaluate(node.input[0])
                start, end = attrs["starts"][0], attrs["ends"][0]
                if list(attrs.get("axes", [0])) != [0] or source is None:
                    result = None
                elif isinstance(source, tuple):
                    if 0 <= start <= end < 64:
                        result = [("dim", source[1], i) for i in range(start, end)]
                else:
                    result = source[start:end]
            elif node.op_type == "Concat":
                parts = [evaluate(i) for i in node.input]
                if all(isinstance(p, list) for p in parts):
                    result = [e for p in parts for e in p]
        memo[name] = result
        return result

    return evaluate


def fold_reshapes(graph, values):
    evaluate = symbolic_shapes(graph, values)
    folded = 0
    for node in graph.node:
        if node.op_type != "Reshape" or node.input[1] in values:
            continue
        shape = evaluate(node.input[1])
        if not isinstance(shape, list):
            raise SystemExit("Reshape %s: its shape cannot be followed" % node.name)
        target = []
        for axis, element in enumerate(shape):
            if isinstance(element, int):
                target.append(element)
            elif element[1] == node.input[0] and element[2] == axis:
                target.append(0)  # keeps the reshaped tensor's own dimension
            else:
                target.append(None)
        if target.count(None) > 1 or (target.count(None) == 1 and -1 in target):
            raise SystemExit("Reshape %s: more than one free dimension" % node.name)
        target = [-1 if t is None else t for t in target]
        name = node.input[1] + "_folded"
        graph.initializer.append(numpy_helper.from_array(np.array(target, dtype=np.int64), name))
        node.input[1] = name
        folded += 1
    return folded


def inferred_shapes(model, example):
    """Each tensor's shape for the example input, with None on the axes that change when the
    input's last (width) axis doubles: those follow the line's length."""
    def infer(width):
        copy = onnx.ModelProto()
        copy.CopyFrom(model)
        dims = copy.graph.input[0].type.tensor_type.shape.dim
        for dim, value in zip(dims, example[:-1] + [width]):
            dim.Clear()
            dim.dim_value = value
        graph = onnx.shape_inference.infer_shapes(copy).graph
        shapes = {}
        for info in list(graph.value_info) + list(graph.input) + list(graph.output):
            dims = info.type.tensor_type.shape.dim
            shapes[info.name] = [d.dim_value if d.HasField("dim_value") else None for d in dims]
        return shapes

    one, two = infer(example[-1]), infer(2 * example[-1])
    return {name: [a if a == b else None for a, b in zip(shape, two.get(name, []))]
            for name, shape in one.items() if len(shape) == len(two.get(name, []))}


def replace(graph, node, new_node):
    position = list(graph.node).index(node)
    graph.node.remove(node)
    graph.node.insert(position, new_node)


def means_as_matmuls(graph, shapes):
    replaced = 0
    for node in list(graph.node):
        if node.op_type != "ReduceMean":
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        shape = shapes.get(node.input[0])
        if shape is None or not shape[-1] or attrs.get("keepdims", 1) != 1:
            continue
        if list(attrs.get("axes", [])) not in ([-1], [len(shape) - 1]):
            continue
        name = node.output[0] + "_mean_weights"
        column = np.full((shape[-1], 1), 1.0 / shape[-1], dtype=np.float32)
        graph.initializer.append(numpy_helper.from_array(column, name))
        replace(graph, node, helper.make_node("MatMul", [node.input[0], name], list(node.output),
                                              name=node.name + "_as_matmul"))
        replaced += 1
    return replaced


def scales_as_matmuls(graph, shapes, values):
    """A layer norm's scale (Mul of [T, C] by a constant [C]) fails OpenCV's broadcast: a
    MatMul by diag(scale) is the same product."""
    replaced = 0
    for node in list(graph.node):
        if node.op_type != "Mul" or node.input[1] not in values:
            continue
        scale = np.asarray(values[node.input[1]])
        shape = shapes.get(node.input[0])
        if scale.ndim != 1 or scale.size == 1 or shape is None or len(shape) != 3:
            continue
        if shape[-1] != scale.size:
            continue
        name = node.output[0] + "_diagonal"
        graph.initializer.append(
            numpy_helper.from_array(np.diag(scale).astype(np.float32), name))
        replace(graph, node, helper.make_node("MatMul", [node.input[0], name], list(node.output),
                                              name=node.name + "_as_matmul"))
        replaced += 1
    return replaced


def squeezes_as_reshapes(graph, shapes):
    """OpenCV turns a Squeeze into a Reshape fixed at import; one with -1 on the free axis."""
    replaced = 0
    for node in list(graph.node):
        shape = shapes.get(node.output[0])
        if node.op_type != "Squeeze" or shape is None or shape.count(None) > 1:
            continue
        target = [-1 if d is None else d for d in shape]
        name = node.output[0] + "_shape"
        graph.initializer.append(numpy_helper.from_array(np.array(target, dtype=np.int64), name))
        replace(graph, node, helper.make_node("Reshape", [node.input[0], name], list(node.output),
                                              name=node.name + "_as_reshape"))
        replaced += 1
    return replaced


def constants_as_initializers(graph):
    for node in list(graph.node):
        if node.op_type == "Constant" and node.attribute[0].name == "value":
            tensor = onnx.TensorProto()
            tensor.CopyFrom(node.attribute[0].t)
            tensor.name = node.output[0]
            graph.initializer.append(tensor)
            graph.node.remove(node)


def drop_dead_nodes(graph):
    while True:
        used = {i for node in graph.node for i in node.input} | {o.name for o in graph.output}
        dead = [n for n in graph.node if not any(o in used for o in n.output)]
        if not dead:
            return
        for node in dead:
            graph.node.remove(node)


def main():
    if len(sys.argv) != 4:
        raise SystemExit("usage: prepare_models.py IN.onnx OUT.onnx N,C,H,W")
    model = onnx.load(sys.argv[1])
    graph = model.graph
    example = [int(v) for v in sys.argv[3].split(",")]
    dims = graph.input[0].type.tensor_type.shape.dim
    if len(dims) != len(example):
        raise SystemExit("the model's input has %d dimensions" % len(dims))
    for dim, value in zip(dims, example):
        if not dim.HasField("dim_value"):
            dim.Clear()
            dim.dim_value = value
    values = constants(graph)
    move_clip_bounds(graph, values)
    folded = fold_reshapes(graph, values)
    drop_dead_nodes(graph)
    constants_as_initializers(graph)
    shapes = inferred_shapes(model, example)
    means = means_as_matmuls(graph, shapes)
    squeezes = squeezes_as_reshapes(graph, shapes)
    scales = scales_as_matmuls(graph, shapes, values)
    # No onnx.checker: Clip with attributes is opset-6 form inside an opset-11 model, which
    # the checker refuses and OpenCV wants.
    onnx.save(model, sys.argv[2])
    print("%s: %d reshapes folded, %d means and %d scales as matmuls, %d squeezes as "
          "reshapes, %d nodes" % (sys.argv[2], folded, means, scales, squeezes, len(graph.node)))


if __name__ == "__main__":
    main()
