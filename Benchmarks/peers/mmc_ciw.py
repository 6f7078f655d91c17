"""M/M/4 at rho = 0.9 in Ciw: lambda = 3.6/s, mu = 1/s, c = 4, one FIFO queue.

Simulates until CUSTOMERS (default 1,000,000) have finished service, from an empty system
(Ciw's `simulate_until_max_customers`, method "Finish"). Prints a line of JSON: customers,
seconds (simulation wall time, imports and network creation excluded), customers per second
and the mean wait in queue over all customers. Erlang C gives Wq = 1.969383 s.

    python mmc_ciw.py [CUSTOMERS] [SEED]
"""
import json
import sys
import time
from importlib.metadata import version

import ciw

ARRIVAL_RATE = 3.6
SERVICE_RATE = 1.0
SERVERS = 4


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 36
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=ARRIVAL_RATE)],
        service_distributions=[ciw.dists.Exponential(rate=SERVICE_RATE)],
        number_of_servers=[SERVERS],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    start = time.perf_counter()
    simulation.simulate_until_max_customers(customers, method="Finish")
    seconds = time.perf_counter() - start
    records = simulation.get_all_records()
    waits = [record.waiting_time for record in records]
    print(json.dumps({
        "tool": f"Ciw {version('ciw')}",
        "customers": len(records),
        "seconds": seconds,
        "customersPerSecond": len(records) / seconds,
        "meanWait": sum(waits) / len(waits),
    }))


if __name__ == "__main__":
    main()
