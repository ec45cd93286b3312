/* Host test of one backend's real accessor header (built once per arch
 * with -Iarch/<arch>/include) against a model of its saved registers:
 * the SPSR_EL2 / SRR1 / cr.ipsr word in v->arch.regs, or on x86 the
 * shared vcpu_info byte. */
#include <larch/vcpu_irq.h>
#include "harness.h"

static struct shared_info si;
static struct domain dom;
static struct vcpu *v = &dom.vcpus[0];

/* Per backend, from build/arches.txt through tests/tests.mk: the saved word
 * (SAVED), the bit in it (MASK_BIT), and whether the bit set means masked
 * (BIT_MEANS_MASKED). */
#if !defined(SAVED) || !defined(MASK_BIT) || !defined(BIT_MEANS_MASKED)
#error "build through tests/tests.mk: it defines SAVED, MASK_BIT, BIT_MEANS_MASKED"
#endif

/* The raw register/byte value that means "masked" or "unmasked". */
static void set_raw(bool masked)
{
	if (masked == BIT_MEANS_MASKED)
		SAVED |= MASK_BIT;
	else
		SAVED &= ~MASK_BIT;
}

static bool raw_masked(void)
{
	return ((SAVED & MASK_BIT) != 0) == BIT_MEANS_MASKED;
}

static void reset(void)
{
	memset(&si, 0, sizeof(si));
	memset(&dom, 0, sizeof(dom));
	v->domain = &dom;
	v->vcpu_info = &si.vcpu_info[0];
	dom.shared_info = &si;
}

static void masked_reads_saved_state(void)
{
	reset();
	set_raw(true);
	EXPECT(vcpu_irq_masked(v));
	set_raw(false);
	EXPECT(!vcpu_irq_masked(v));
}

static void mask_writes_saved_state(void)
{
	reset();
	set_raw(false);
	vcpu_irq_mask(v);
	EXPECT(raw_masked());
	vcpu_irq_mask(v); /* idempotent */
	EXPECT(raw_masked());
}

static void unmask_writes_saved_state(void)
{
	reset();
	set_raw(true);
	vcpu_irq_unmask(v);
	EXPECT(!raw_masked());
	EXPECT(!vcpu_irq_masked(v));
}

static void other_state_untouched(void)
{
	reset();
#if LARCH_ABI_HAS_UPCALL_MASK
	si.vcpu_info[0].evtchn_upcall_pending = 1;
	si.vcpu_info[0].pad0[0] = 0x77;
	vcpu_irq_mask(v);
	vcpu_irq_unmask(v);
	EXPECT_EQ(si.vcpu_info[0].evtchn_upcall_pending, 1);
	EXPECT_EQ(si.vcpu_info[0].pad0[0], 0x77);
	EXPECT_EQ(si.vcpu_info[1].evtchn_upcall_mask, 0);
#else
	uint64_t others = ~(uint64_t)MASK_BIT;
	SAVED = others;
	vcpu_irq_mask(v);
	vcpu_irq_unmask(v);
	vcpu_irq_mask(v);
	EXPECT_EQ(SAVED & others, others);
	SAVED = 0;
	vcpu_irq_unmask(v);
	EXPECT_EQ(SAVED & others, 0);
	/* the shared page is not where this arch keeps its mask */
	EXPECT_EQ(si.vcpu_info[0].reserved_mask_pad, 0);
#endif
}

static void raise_upcall_sets_pending_not_mask(void)
{
	reset();
	set_raw(true);
	EXPECT(!vcpu_upcall_pending(v));
	vcpu_raise_upcall(v);
	EXPECT(vcpu_upcall_pending(v));
	EXPECT_EQ(si.vcpu_info[0].evtchn_upcall_pending, 1);
	EXPECT(vcpu_irq_masked(v)); /* raising never unmasks */
}

/* Save/restore nesting over this backend's accessors, as a critical
 * section inside another would use them: the inner restore keeps the
 * saved register masked, the outer one unmasks it; a section entered
 * masked leaves it masked. */
static void save_restore_nesting(void)
{
	reset();
	set_raw(false);
	bool outer = vcpu_irq_masked(v);
	vcpu_irq_mask(v);
	bool inner = vcpu_irq_masked(v);
	vcpu_irq_mask(v);
	EXPECT(!outer);
	EXPECT(inner);
	if (!inner)
		vcpu_irq_unmask(v); /* inner restore: nothing to undo */
	EXPECT(raw_masked());
	if (!outer)
		vcpu_irq_unmask(v); /* outer restore */
	EXPECT(!raw_masked());
	EXPECT(!vcpu_irq_masked(v));

	set_raw(true);
	outer = vcpu_irq_masked(v);
	vcpu_irq_mask(v);
	if (!outer)
		vcpu_irq_unmask(v);
	EXPECT(outer);
	EXPECT(raw_masked());
}

HARNESS_DEFINE("host");

int main(void)
{
	char suite[32];
	snprintf(suite, sizeof(suite), "accessors_%s", TEST_ARCH);
	RUN(suite, masked_reads_saved_state);
	RUN(suite, mask_writes_saved_state);
	RUN(suite, unmask_writes_saved_state);
	RUN(suite, other_state_untouched);
	RUN(suite, raise_upcall_sets_pending_not_mask);
	RUN(suite, save_restore_nesting);
	return harness_failed ? 1 : 0;
}
