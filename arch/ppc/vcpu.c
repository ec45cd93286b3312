/* Guest partitions: memory and the partition-scoped radix tree, vCPU state
 * that moves on context switch, and upcall delivery on the saved MSR[EE]. */
#include <string.h>
#include <larch/console.h>
#include <larch/sched.h>
#include <larch/setup.h>
#include <larch/vcpu_irq.h>
#include <public/start_info.h>
#include "ppc.h"
#include "papr/papr.h"

/* A guest runs in real mode, 64-bit, little-endian, events masked. */
#define GUEST_MSR (MSR_SF | MSR_ME | MSR_RI | MSR_LE)
/* The MSR a guest interrupt sets (LPCR[ILE] makes it little-endian). */
#define GUEST_INT_MSR (MSR_SF | MSR_ME | MSR_LE)
#define DEC_EXPIRED   (~0ULL) /* negative: the guest takes 0x900 at EE=1 */
#define DEC_IDLE      0x7fffffffULL

/* ---- partition table and radix trees (all entries big-endian) ---- */

#define PTE_V	     (1ULL << 63)
#define PTE_L	     (1ULL << 62)
#define PTE_R	     (1ULL << 8)
#define PTE_C	     (1ULL << 7)
#define PTE_RWX	     0x7ULL
#define BLOCK_2M     (2ULL << 20)
#define ROOT_ENTRIES (1u << 13) /* 52-bit tree: 13 + 9 + 9 + 9 + 12 */

static uint64_t partition_table[256 * 2] __attribute__((aligned(4096)));
static uint64_t radix_root[MAX_DOMAINS][ROOT_ENTRIES]
	__attribute__((aligned(65536)));
static uint64_t radix_l2[MAX_DOMAINS][512] __attribute__((aligned(4096)));
static uint64_t radix_l3[MAX_DOMAINS][512] __attribute__((aligned(4096)));

static inline uint64_t be(uint64_t v)
{
	return __builtin_bswap64(v);
}

void partition_table_init(void)
{
	/* PATS = 0: 2^12 bytes, 256 partitions */
	mtspr(SPR_PTCR, (uint64_t)partition_table);
	__asm__ __volatile__("ptesync; isync" ::: "memory");
}

/* Guest real [0, size) -> host [host, host + size) in 2 MiB leaves. */
static int radix_build(unsigned slot, uint32_t lpid, uint64_t host,
		       uint64_t size)
{
	if (slot >= MAX_DOMAINS || lpid >= 256 || size > 512 * BLOCK_2M ||
	    host % BLOCK_2M)
		return -1;
	uint64_t *root = radix_root[slot], *l2 = radix_l2[slot],
		 *l3 = radix_l3[slot];
	memset(root, 0, sizeof(radix_root[0]));
	memset(l2, 0, sizeof(radix_l2[0]));
	memset(l3, 0, sizeof(radix_l3[0]));
	root[0] = be(PTE_V | (uint64_t)l2 | 9);
	l2[0] = be(PTE_V | (uint64_t)l3 | 9);
	for (uint64_t off = 0; off < size; off += BLOCK_2M)
		l3[off / BLOCK_2M] = be(PTE_V | PTE_L | (host + off) | PTE_R |
					PTE_C | PTE_RWX);
	/* HR, RTS = 52 - 31 = 21 (split 2 + 3 bits), root base, RPDS = 13 */
	partition_table[lpid * 2] = be((1ULL << 63) | (2ULL << 61) |
				       (uint64_t)root | (5ULL << 5) | 13);
	partition_table[lpid * 2 + 1] =
		0; /* no process table: guests use real mode */
	__asm__ __volatile__("ptesync" ::: "memory");
	return 0;
}

/* A PAPR partition's H_REGISTER_PROC_TBL (checked by the caller): the
 * second half of its entry, guest radix (GR) with the table's base and
 * size; 0 takes it away. */
#define PATE1_GR (1ULL << 63)
void ppc_set_process_table(uint32_t lpid, uint64_t base_and_size)
{
	partition_table[lpid * 2 + 1] =
		base_and_size ? be(PATE1_GR | base_and_size) : 0;
	/* drop what was cached from the old entry: all of the partition's
	 * process-scoped translations (IS=2: this LPID, RIC=2, PRS=1, R=1) */
	__asm__ __volatile__("ptesync; tlbie %0, %1, 2, 1, 1; eieio; tlbsync;"
			     "ptesync" ::"r"(2ULL << 10),
			     "r"((uint64_t)lpid)
			     : "memory");
}

/* ---- domains ---- */

extern uint8_t _end[];
static struct domain_pool pool;
#define POOL_START 0x02000000ULL /* above the image and QEMU's FDT (16 MiB) */

int arch_domain_alloc(const struct domain_config *cfg, struct domain_params *p)
{
	if (!pool.end) {
		uint64_t start = (uint64_t)_end;
		uint64_t end = config_staging_window.size
				       ? config_staging_window.addr
				       : plat.ram_size;
		pool = (struct domain_pool){ start < POOL_START ? POOL_START
								: start,
					     end };
	}
	/* guest real addresses start at 0: the vectors are there; one radix
	 * level of 2 MiB leaves (512 of them) maps a domain */
	return domain_pool_alloc(&pool, cfg, 512 * BLOCK_2M, 0, p);
}

/* The partition: its LPID and the partition-scoped tree mapping its
 * memory at real address 0. */
int ppc_partition_map(struct domain *d, const struct domain_config *cfg)
{
	d->arch.lpid = d->domid + 1u;
	if (radix_build(d->domid, d->arch.lpid, (uint64_t)d->host_base,
			d->mem_size)) {
		config_error(cfg, "memory",
			     "the radix tree cannot map 0x%llx bytes",
			     (unsigned long long)d->mem_size);
		return -XEN_EINVAL;
	}
	d->arch.root = radix_root[d->domid];
	return 0;
}

int arch_domain_load(struct domain *d, const struct domain_config *cfg,
		     const struct guest_image *img)
{
	uint64_t si_off = d->mem_size - 8192;
	int rc = ppc_partition_map(d, cfg);
	if (rc)
		return rc;
	rc = domain_load_image(d, cfg, img, si_off,
			       d->guest_base + d->mem_size - 4096);
	if (rc)
		return rc;
	struct vcpu *v = &d->vcpus[0];
	v->arch.regs.nip = d->guest_base; /* the image's first byte */
	v->arch.regs.gpr[3] = d->guest_base + si_off;
	return 0;
}

/* ---- vCPU life ---- */

void arch_vcpu_init(struct vcpu *v)
{
	memset(&v->arch, 0, sizeof(v->arch));
	v->arch.regs.msr = GUEST_MSR;
}

int arch_vcpu_set_entry(struct vcpu *v, uint64_t entry, uint64_t stack,
			uint64_t arg)
{
	if (entry & 3 || stack & 15)
		return -XEN_EINVAL;
	memset(&v->arch.regs, 0, sizeof(v->arch.regs));
	v->arch.regs.nip = entry;
	v->arch.regs.gpr[1] = stack;
	v->arch.regs.gpr[3] = arg;
	v->arch.regs.msr = GUEST_MSR;
	return 0;
}

/* Only a PAPR partition issues tlbie itself (LPCR[GTSE]; the hardware
 * scopes it to its LPID): a test guest's is an illegal instruction that
 * stops it, as before, and no storm of them reaches QEMU's TLBs. The
 * pCPU's flag saves reading LPCR on every partition switch. */
static void __attribute__((noinline)) set_gtse(uint64_t on)
{
	uint64_t lpcr = mfspr(SPR_LPCR) & ~LPCR_GTSE;
	mtspr(SPR_LPCR, on ? lpcr | LPCR_GTSE : lpcr);
	this_hot()->gtse = on;
}

void arch_ctxt_switch(struct vcpu *prev, struct vcpu *next)
{
	if (unlikely(prev && prev->arch.papr))
		papr_switch_out(prev);
	if (prev) {
		struct ppc_sprs *s = &prev->arch.sprs;
		s->sprg[0] = mfspr(SPR_SPRG0);
		s->sprg[1] = mfspr(SPR_SPRG1);
		s->sprg[2] = mfspr(SPR_SPRG2);
		s->sprg[3] = mfspr(SPR_SPRG3);
		s->dar = mfspr(SPR_DAR);
		s->dsisr = mfspr(SPR_DSISR);
	}
	if (next) {
		struct ppc_sprs *s = &next->arch.sprs;
		mtspr(SPR_SPRG0, s->sprg[0]);
		mtspr(SPR_SPRG1, s->sprg[1]);
		mtspr(SPR_SPRG2, s->sprg[2]);
		mtspr(SPR_SPRG3, s->sprg[3]);
		mtspr(SPR_DAR, s->dar);
		mtspr(SPR_DSISR, s->dsisr);
		if (!prev || prev->domain != next->domain) {
			/* another partition: LPIDR selects its table entry */
			mtspr(SPR_LPIDR, next->domain->arch.lpid);
			uint64_t papr = next->arch.papr != NULL;
			if (unlikely(papr != this_hot()->gtse))
				set_gtse(papr);
			__asm__ __volatile__("isync" ::: "memory");
		}
		if (unlikely(next->arch.papr))
			papr_switch_in(next);
	}
}

bool arch_vcpu_irq_pending(const struct vcpu *v)
{
	return v->arch.papr && papr_irq_pending(v);
}

/* ---- upcall delivery: the contract on the saved MSR[EE] ---- */

#ifdef GUEST_ENTRY_RFID
/* This image enters guests with rfid (head.S), which consumes SRR0/SRR1:
 * an external interrupt cannot be synthesized through them. EE=1 work goes
 * through the doorbell as well, taken at once since EE is already 1, with
 * SRR0/SRR1 set by the hardware. */
const int ppc_entry_rfid = 1;
#else
const int ppc_entry_rfid = 0;
#endif

/* v is about to run on this pCPU with an upcall pending. EE=1: the guest
 * takes an external interrupt at its 0x500 now (synthesized here through
 * SRR0/SRR1). EE=0 (eager policy): arm a doorbell the hardware delivers
 * the moment the guest sets EE, with no trap: LPCR[MER] on POWER9 and,
 * since QEMU 7.2 ignores MER, the guest decrementer left expired. */
void arch_deliver_upcall(struct vcpu *v)
{
	struct cpu_user_regs *r = &v->arch.regs;
	if (unlikely(v->arch.papr))
		return; /* its events arrive as an XICS source (papr/) */
	if ((r->msr & MSR_EE) && !ppc_entry_rfid) {
		r->srr0 = r->nip;
		r->srr1 = r->msr;
		r->nip = 0x500;
		r->msr = GUEST_INT_MSR;
		v->arch.synth_500++;
		v->stat_upcalls++;
	} else {
		v->arch.doorbell = true;
	}
}

/* Last step before hrfid: the doorbell state of this entry. */
void ppc_prepare_entry(struct vcpu *v)
{
	if (unlikely(v->arch.papr)) {
		papr_prepare_entry(v); /* its DEC is its own timer */
		return;
	}
	uint64_t lpcr = mfspr(SPR_LPCR), want = lpcr & ~LPCR_MER;
	if (v->arch.doorbell) {
		want |= LPCR_MER;
		mtspr(SPR_DEC, DEC_EXPIRED);
		v->arch.doorbells++;
	} else {
		mtspr(SPR_DEC, DEC_IDLE);
	}
	if (want != lpcr)
		mtspr(SPR_LPCR, want);
}
