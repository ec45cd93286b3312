/* Two of these PAPR partitions share one pCPU (build/ppc/linux/
 * papr-fp.dts.in): each starts by checking that it finds its FP and
 * vector registers zeroed (nothing of the other's), fills all 64 VSX
 * registers, FPSCR and VRSAVE with a pattern of its own, then yields 2,000
 * times (H_CONFER), the other partition running in between, and checks
 * after each yield that every register still holds its pattern. */
#include "papr.h"

#define ROUNDS	2000
#define MSR_FP	(1ULL << 13)
#define MSR_VEC (1ULL << 25)
#define MSR_VSX (1ULL << 23)

static uint64_t pattern[64][2] __attribute__((aligned(16)));
static uint64_t seen[64][2] __attribute__((aligned(16)));

#define ALL64                                                                  \
	"0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,"    \
	"25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,"   \
	"47,"                                                                  \
	"48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63"

static void store_vsrs(void *to)
{
	__asm__ __volatile__("li 8, 0\n"
			     ".irp n, " ALL64 "\n"
			     "stxvd2x \\n, %0, 8\n"
			     "addi 8, 8, 16\n"
			     ".endr" ::"b"(to)
			     : "r8", "memory");
}

static void load_vsrs(const void *from)
{
	__asm__ __volatile__("li 8, 0\n"
			     ".irp n, " ALL64 "\n"
			     "lxvd2x \\n, %0, 8\n"
			     "addi 8, 8, 16\n"
			     ".endr" ::"b"(from)
			     : "r8", "memory");
}

/* FPSCR's control bits (rounding, enables), read through FPR 0, which
 * then gets its pattern back (this file is built soft-float: no FP
 * operands in C) */
static uint64_t fpscr(void)
{
	uint64_t v;
	__asm__ __volatile__(
		"mffs 0\n\tstfd 0, 0(%0)\n\tlxvd2x 0, 0, %1" ::"b"(&v),
		"b"(pattern)
		: "memory");
	return v & 0xff;
}

static uint64_t vrsave(void)
{
	uint64_t v;
	__asm__ __volatile__("mfspr %0, 256" : "=r"(v));
	return v;
}

static const char *first_difference(uint64_t want_fpscr, uint64_t tag)
{
	store_vsrs(seen);
	for (unsigned i = 0; i < 64; i++)
		if (seen[i][0] != pattern[i][0] || seen[i][1] != pattern[i][1])
			return "a VSX register changed";
	if (fpscr() != want_fpscr)
		return "FPSCR changed";
	if (vrsave() != (uint32_t)tag)
		return "VRSAVE changed";
	return 0;
}

static void result(const char *name, const char *why)
{
	puts_term(why ? "FAIL ppc/papr_fp/" : "PASS ppc/papr_fp/");
	puts_term(name);
	if (why) {
		puts_term(": ");
		puts_term(why);
	}
	puts_term("\n");
}

void papr_main(uint64_t fdt);
void papr_main(uint64_t fdt)
{
	(void)fdt;
	uint64_t msr;
	__asm__ __volatile__("mfmsr %0" : "=r"(msr));
	__asm__ __volatile__(
		"mtmsrd %0" ::"r"(msr | MSR_FP | MSR_VEC | MSR_VSX));
	/* a tag of its own: the two partitions' memory sizes differ by 2 MiB
	 * (the config), so do their device trees' addresses (near the top) */
	uint64_t tag = fdt >> 21;
	/* starts with nothing: the other's registers were scrubbed */
	store_vsrs(seen);
	unsigned dirty = 0;
	for (unsigned i = 0; i < 64; i++)
		dirty += seen[i][0] != 0 || seen[i][1] != 0;
	result("starts_zeroed", dirty ? "found non-zero VSX registers" : 0);
	for (unsigned i = 0; i < 64; i++) {
		pattern[i][0] = tag << 32 | i;
		pattern[i][1] = ~(tag << 32 | i);
	}
	load_vsrs(pattern);
	/* a rounding mode of its own: FPSCR[RN] = 0 or 1 */
	__asm__ __volatile__("mtfsfi 7, 0" ::: "memory");
	if (tag & 1)
		__asm__ __volatile__("mtfsb1 31" ::: "memory");
	uint64_t want = tag & 1;
	__asm__ __volatile__("mtspr 256, %0" ::"r"((uint32_t)tag));
	const char *why = 0;
	for (unsigned r = 0; r < ROUNDS && !why; r++) {
		hc(H_CONFER, ~0ULL, 0, 0, 0);
		why = first_difference(want, tag);
	}
	result("kept_across_switches", why);
	power_off();
}
