/* A minimal test harness: each case prints one PASS/FAIL line. */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <stdio.h>
#include <string.h>

extern const char *harness_arch; /* "host" or "ia64" etc. */
extern char harness_why[256];
extern unsigned harness_failed;

#define EXPECT(cond)                                                           \
	do {                                                                   \
		if (!(cond) && !harness_why[0])                                \
			snprintf(harness_why, sizeof(harness_why),             \
				 "%s:%d: %s", __FILE__, __LINE__, #cond);      \
	} while (0)

#define EXPECT_EQ(a, b)                                                        \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_ && !harness_why[0])                               \
			snprintf(harness_why, sizeof(harness_why),             \
				 "%s:%d: %s == %lld, want %lld", __FILE__,     \
				 __LINE__, #a, a_, b_);                        \
	} while (0)

#define RUN(suite, fn)                                                         \
	do {                                                                   \
		harness_why[0] = 0;                                            \
		fn();                                                          \
		if (harness_why[0]) {                                          \
			harness_failed++;                                      \
			printf("FAIL %s/%s/%s: %s\n", harness_arch, suite,     \
			       #fn, harness_why);                              \
		} else {                                                       \
			printf("PASS %s/%s/%s\n", harness_arch, suite, #fn);   \
		}                                                              \
		fflush(stdout);                                                \
	} while (0)

#define HARNESS_DEFINE(arch)                                                   \
	const char *harness_arch = arch;                                       \
	char harness_why[256];                                                 \
	unsigned harness_failed

#endif
