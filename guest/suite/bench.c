/* Benchmarks (filled in below). */
#include "suite.h"

void bench_main(void)
{
}

void bench_secondary(unsigned id)
{
	(void)id;
}
