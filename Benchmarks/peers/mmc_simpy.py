"""M/M/4 at rho = 0.9 in SimPy: lambda = 3.6/s, mu = 1/s, c = 4, one FIFO queue.

Simulates CUSTOMERS arrivals (default 1,000,000) from an empty system and runs until
every one has been served. Prints a line of JSON: customers, seconds (simulation wall time,
imports excluded), customers per second and the mean wait in queue over all customers.
Erlang C gives Wq = 1.969383 s.

    python mmc_simpy.py [CUSTOMERS] [SEED]
"""
import json
import random
import sys
import time

import simpy

ARRIVAL_RATE = 3.6
SERVICE_RATE = 1.0
SERVERS = 4


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 36
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    total_wait = 0.0
    served = 0

    def customer():
        nonlocal total_wait, served
        arrived = env.now
        with servers.request() as request:
            yield request
            total_wait += env.now - arrived
            yield env.timeout(rng.expovariate(SERVICE_RATE))
        served += 1

    def source():
        for _ in range(customers):
            yield env.timeout(rng.expovariate(ARRIVAL_RATE))
            env.process(customer())

    env.process(source())
    start = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - start
    assert served == customers
    print(json.dumps({
        "tool": f"SimPy {simpy.__version__}",
        "customers": served,
        "seconds": seconds,
        "customersPerSecond": served / seconds,
        "meanWait": total_wait / served,
    }))


if __name__ == "__main__":
    main()
