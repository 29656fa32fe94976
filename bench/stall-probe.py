#!/usr/bin/env python3
"""How late the machine itself wakes a thread that nothing in it competes with: sleeps to a deadline every PERIOD
ms for SECONDS seconds and prints, in ms, how late it woke: "p50 p99 max over5 wakes" (over5 = wakes more than 5 ms
late). Run under a real-time policy (chrt -f), it preempts every ordinary thread at once, so what it measures is not
the guest's scheduler but the timer, the kernel's non-preemptible sections and, in a virtual machine, the host
taking the virtual CPU away (which a guest does not always see as steal time).
Usage: stall-probe.py SECONDS [PERIOD_MS]"""
import sys
import time

seconds = float(sys.argv[1])
period = int(float(sys.argv[2]) * 1e6) if len(sys.argv) > 2 else 2_000_000
late = []
now = time.monotonic_ns()
deadline = now
end = now + int(seconds * 1e9)
while deadline < end:
    deadline += period
    wait = deadline - time.monotonic_ns()
    if wait > 0:
        time.sleep(wait / 1e9)
    woke = time.monotonic_ns()
    late.append(max(0, woke - deadline))
    if woke - deadline > period:  # after a stall, go on from now rather than catching up
        deadline = woke
late.sort()
n = len(late)
ms = lambda v: f"{v / 1e6:.2f}"
print(ms(late[n // 2]), ms(late[min(n - 1, (n * 99) // 100)]), ms(late[-1]), sum(1 for v in late if v > 5_000_000), n)
