package dev.tcptest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order in which the servers take their turn: every permutation in a cycle (ABC, ACB, BAC,
 * BCA, CAB, CBA), so that each server goes first, last and after each other server equally often
 * and what one server leaves behind (threads still ending, garbage) falls on all of them alike.
 */
final class Orders {

    private Orders() {
    }

    /**
     * The order for one turn.
     *
     * @param servers the servers
     * @param turn the turn's number, from 0
     * @param <T> what a server is
     * @return the servers in that turn's order
     */
    static <T> List<T> of(List<T> servers, int turn) {
        List<List<T>> all = new ArrayList<>();
        permute(new ArrayList<>(servers), 0, all);
        return all.get(turn % all.size());
    }

    private static <T> void permute(List<T> items, int from, List<List<T>> out) {
        if (from == items.size()) {
            out.add(new ArrayList<>(items));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            Collections.swap(items, from, i);
            permute(items, from + 1, out);
            Collections.swap(items, from, i);
        }
    }
}
