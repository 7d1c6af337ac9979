package dev.tcptest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order in which the servers take their turn: the rows of a balanced Latin square (Williams'
 * design), so that over one cycle each server goes first, last and right after each other server
 * equally often, and what one server leaves behind (threads still ending, garbage) falls on all of
 * them alike. A cycle is as many turns as servers, twice that for an odd count; for three servers
 * it holds every permutation (ABC, ACB, BAC, BCA, CAB, CBA).
 */
final class Orders {

    private Orders() {
    }

    /**
     * How many turns one cycle of orders takes.
     *
     * @param servers how many servers take turns
     * @return the count, the servers' count or twice that
     */
    static int cycle(int servers) {
        return servers % 2 == 0 ? servers : 2 * servers;
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
        int count = servers.size();
        int row = turn % cycle(count);
        List<T> order = new ArrayList<>(count);
        for (int position = 0; position < count; position++) {
            // The first row is 0, 1, n-1, 2, n-2, ...; each row adds one to the row before.
            int first = position % 2 == 1 ? (position + 1) / 2 : (count - position / 2) % count;
            order.add(servers.get((first + row) % count));
        }
        // An odd count needs the rows mirrored as well for each server to follow every other.
        if (row >= count) {
            Collections.reverse(order);
        }
        return order;
    }
}
