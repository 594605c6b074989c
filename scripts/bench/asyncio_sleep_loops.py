"""What smooth-py's `AsyncTaskHandle.result()` costs by itself while it waits: N coroutines
each checking every 0.2 s (`while ...: await asyncio.sleep(0.2)`, as `result()` does), with
no HTTP at all. Prints the process's CPU share over 6 s.

Usage: python asyncio_sleep_loops.py [N=10000] [PERIOD_S=0.2]
"""

import asyncio
import sys
import time


async def main(count: int, period: float, seconds: float = 6) -> None:
  async def check() -> None:
    while True:
      await asyncio.sleep(period)

  tasks = [asyncio.create_task(check()) for _ in range(count)]
  await asyncio.sleep(1)
  cpu, at = time.process_time(), time.monotonic()
  await asyncio.sleep(seconds)
  share = (time.process_time() - cpu) / (time.monotonic() - at)
  for task in tasks:
    task.cancel()
  await asyncio.gather(*tasks, return_exceptions=True)
  print(f"{count} coroutines sleeping {period} s in a loop: {100 * share:.1f}% of a core")


if __name__ == "__main__":
  args = sys.argv[1:]
  asyncio.run(main(int(args[0]) if args else 10_000, float(args[1]) if len(args) > 1 else 0.2))
