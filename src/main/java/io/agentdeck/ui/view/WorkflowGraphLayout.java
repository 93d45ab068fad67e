package io.agentdeck.ui.view;

import io.agentdeck.ui.viewmodel.WorkflowStepItem;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each step of a workflow sits in its graph: a step's column is one past the furthest of the steps it depends
 * on or was handed on by (steps that can run at the same time share a column), and its row is its place among that
 * column's steps in plan order. Edges then always point to the right.
 */
record WorkflowGraphLayout(Map<Integer, Cell> cells, int columns, int rows) {

    /** A step's place, counted from 0. */
    record Cell(int column, int row) {}

    static WorkflowGraphLayout of(List<WorkflowStepItem> steps) {
        Map<Integer, WorkflowStepItem> byNumber = new HashMap<>();
        steps.forEach(step -> byNumber.put(step.number(), step));
        Map<Integer, Integer> columnOf = new HashMap<>();
        steps.forEach(step -> column(step, byNumber, columnOf, new HashSet<>()));
        Map<Integer, Integer> usedRows = new HashMap<>();
        Map<Integer, Cell> cells = new LinkedHashMap<>();
        int columns = 0;
        int rows = 0;
        for (WorkflowStepItem step : steps) {
            int column = columnOf.get(step.number());
            int row = usedRows.merge(column, 1, Integer::sum) - 1;
            cells.put(step.number(), new Cell(column, row));
            columns = Math.max(columns, column + 1);
            rows = Math.max(rows, row + 1);
        }
        return new WorkflowGraphLayout(Map.copyOf(cells), columns, rows);
    }

    /**
     * The step's column, remembered once known. A plan is checked for cycles before it runs; {@code visiting} still
     * keeps a cycle in stored data from recursing for ever (the dependency closing it is ignored).
     */
    private static int column(
            WorkflowStepItem step,
            Map<Integer, WorkflowStepItem> byNumber,
            Map<Integer, Integer> columnOf,
            Set<Integer> visiting) {
        Integer known = columnOf.get(step.number());
        if (known != null) {
            return known;
        }
        visiting.add(step.number());
        int column = 0;
        for (int dependency : WorkflowGraph.comesAfter(step)) {
            WorkflowStepItem earlier = byNumber.get(dependency);
            if (earlier != null && !visiting.contains(dependency)) {
                column = Math.max(column, column(earlier, byNumber, columnOf, visiting) + 1);
            }
        }
        visiting.remove(step.number());
        columnOf.put(step.number(), column);
        return column;
    }

    Cell cellOf(int step) {
        return cells.get(step);
    }
}
