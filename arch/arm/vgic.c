/* The emulated GICv3 of kernel (Linux) domains. The distributor and the
 * redistributors are not mapped in stage 2: every access traps and is
 * decoded here. SGIs come from the trapped ICC_SGI1R_EL1 (HCR_EL2.IMO
 * traps EL1 writes of the SGI registers). The CPU interface is the
 * hardware's virtual one (ICV_* through ICH_*_EL2): an interrupt raised
 * for a vCPU is recorded as pending here and moved into one of its list
 * registers the next time it returns to the guest (vgic_flush). */
#include <larch/sched.h>
#include <larch/console.h>
#include "arm.h"

#define GICD_CTLR_G0  (1u << 0)
#define GICD_CTLR_G1  (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS  (1u << 6) /* one security state */
#define GIC_IIDR      0x43b	/* implementer Arm */
#define GIC_PIDR2     0x3b	/* ArchRev 3: GICv3 */
#define GICD_IROUTER  0x6000
#define GICR_SGI      0x10000
#define IROUTER_IRM   (1ULL << 31)

static struct vcpu *spi_target(struct domain *d, unsigned n)
{
	uint64_t r = d->arch.vgic.irouter[n];
	unsigned aff0 = r & 0xff;
	if ((r & IROUTER_IRM) || (r & 0xff00ff00ULL) || aff0 >= d->nr_vcpus)
		return &d->vcpus[0];
	return &d->vcpus[aff0];
}

bool vgic_enabled(struct vcpu *v, unsigned intid)
{
	if (intid < 32)
		return (v->arch.vgic.enabled >> intid) & 1;
	intid -= 32;
	return intid < VGIC_NR_SPIS &&
	       ((v->domain->arch.vgic.enabled >> intid) & 1);
}

unsigned vgic_prio(struct vcpu *v, unsigned intid)
{
	if (intid < 32)
		return v->arch.vgic.prio[intid];
	intid -= 32;
	return intid < VGIC_NR_SPIS ? v->domain->arch.vgic.prio[intid] : 0xff;
}

/* Make intid pending for target (an SPI: for the vCPU it is routed to)
 * and get that vCPU through its return path. */
void vgic_raise(struct vcpu *target, unsigned intid)
{
	struct domain *d = target->domain;
	if (intid < 32) {
		__atomic_fetch_or(&target->arch.vgic.pending, 1u << intid,
				  __ATOMIC_SEQ_CST);
	} else if (intid - 32 < VGIC_NR_SPIS) {
		__atomic_fetch_or(&d->arch.vgic.pending, 1ULL << (intid - 32),
				  __ATOMIC_SEQ_CST);
		target = spi_target(d, intid - 32);
	} else {
		return;
	}
	sched_kick(target);
}

/* A level-sensitive SPI whose line dropped before delivery. */
void vgic_lower_spi(struct domain *d, unsigned intid)
{
	if (intid >= 32 && intid - 32 < VGIC_NR_SPIS)
		__atomic_fetch_and(&d->arch.vgic.pending,
				   ~(1ULL << (intid - 32)), __ATOMIC_SEQ_CST);
}

/* v is current on this pCPU and about to run: its pending, enabled
 * interrupts go into free list registers; what does not fit stays pending
 * for the next return. */
void vgic_flush(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint32_t p = __atomic_load_n(&v->arch.vgic.pending, __ATOMIC_SEQ_CST) &
		     v->arch.vgic.enabled;
	while (p) {
		unsigned i = (unsigned)__builtin_ctz(p);
		p &= p - 1;
		if (!lr_put(i, v->arch.vgic.prio[i]))
			return;
		__atomic_fetch_and(&v->arch.vgic.pending, ~(1u << i),
				   __ATOMIC_SEQ_CST);
	}
	uint64_t s = __atomic_load_n(&d->arch.vgic.pending, __ATOMIC_SEQ_CST) &
		     d->arch.vgic.enabled;
	while (s) {
		unsigned n = (unsigned)__builtin_ctzll(s);
		s &= s - 1;
		if (spi_target(d, n) != v)
			continue;
		if (!lr_put(32 + n, d->arch.vgic.prio[n]))
			return;
		__atomic_fetch_and(&d->arch.vgic.pending, ~(1ULL << n),
				   __ATOMIC_SEQ_CST);
	}
}

/* Would v (current on this pCPU) take an interrupt if it unmasked: one
 * raised and enabled for it, or pending in its list registers? */
bool vgic_vcpu_pending(struct vcpu *v)
{
	struct domain *d = v->domain;
	if (__atomic_load_n(&v->arch.vgic.pending, __ATOMIC_SEQ_CST) &
	    v->arch.vgic.enabled)
		return true;
	uint64_t s = __atomic_load_n(&d->arch.vgic.pending, __ATOMIC_SEQ_CST) &
		     d->arch.vgic.enabled;
	for (; s; s &= s - 1)
		if (spi_target(d, (unsigned)__builtin_ctzll(s)) == v)
			return true;
	for (unsigned i = 0; i < gic_nr_lrs(); i++)
		if (gic_lr_read(i) & LR_PENDING)
			return true;
	return false;
}

/* ICC_SGI1R_EL1 written by v: vCPU n has MPIDR Aff0 = n, Aff1-3 = 0. */
void vgic_sgi(struct vcpu *v, uint64_t val)
{
	struct domain *d = v->domain;
	unsigned intid = (val >> 24) & 0xf;
	bool irm = (val >> 40) & 1;
	bool aff0_only = ((val >> 16) & 0xff) == 0 &&
			 ((val >> 32) & 0xff) == 0 &&
			 ((val >> 44) & 0xf) == 0 && ((val >> 48) & 0xff) == 0;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *t = &d->vcpus[i];
		if (irm ? t != v : aff0_only && ((val >> i) & 1))
			vgic_raise(t, intid);
	}
}

/* A 32-bit window [shift, shift+32) of a 64-bit bitmap. */
static uint32_t bits_get(const uint64_t *w, unsigned shift)
{
	return (uint32_t)(__atomic_load_n(w, __ATOMIC_SEQ_CST) >> shift);
}

static void bits_or(uint64_t *w, unsigned shift, uint32_t v)
{
	__atomic_fetch_or(w, (uint64_t)v << shift, __ATOMIC_SEQ_CST);
}

static void bits_clear(uint64_t *w, unsigned shift, uint32_t v)
{
	__atomic_fetch_and(w, ~((uint64_t)v << shift), __ATOMIC_SEQ_CST);
}

static void kick_all(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		if (d->vcpus[i].run_state != VCPU_DOWN)
			sched_kick(&d->vcpus[i]);
}

/* IPRIORITYR bytes (one or four at a time) for INTIDs from intid; prio[]
 * holds INTIDs [base, base + n), the others read as zero. */
static bool prio_access(uint8_t *prio, unsigned base, unsigned n,
			unsigned intid, unsigned size, bool wr, uint64_t *val)
{
	if (size != 1 && size != 4)
		return false;
	uint64_t r = 0;
	for (unsigned i = 0; i < size; i++) {
		unsigned k = intid + i - base; /* wraps (large) below base */
		if (k >= n)
			continue;
		if (wr)
			prio[k] = (uint8_t)(*val >> (8 * i));
		r |= (uint64_t)prio[k] << (8 * i);
	}
	if (!wr)
		*val = r;
	return true;
}

/* A set/clear register pair over 32 SPIs of a 64-bit bitmap; a set makes
 * the vCPUs look (where the SPIs are routed is theirs to find out). */
static uint32_t spi_set_clear(struct domain *d, uint64_t *bits, unsigned sh,
			      bool wr, bool set, uint32_t w)
{
	if (wr && set) {
		bits_or(bits, sh, w);
		kick_all(d);
	} else if (wr) {
		bits_clear(bits, sh, w);
	}
	return bits_get(bits, sh);
}

/* IGROUPR..ICACTIVER of the distributor: 32 INTIDs per word; words 1 and
 * 2 are the SPIs, word 0 (SGIs/PPIs) lives in the redistributor. */
static uint32_t gicd_bitmap(struct domain *d, unsigned off, bool wr, uint32_t w)
{
	struct vgic_dist *g = &d->arch.vgic;
	unsigned word = (off & 0x7f) / 4;
	if (word < 1 || word > VGIC_NR_SPIS / 32)
		return 0;
	unsigned sh = (word - 1) * 32;
	switch (off & ~0x7fu) {
	case 0x080: /* IGROUPR */
		if (wr) {
			bits_clear(&g->group, sh, ~0u);
			bits_or(&g->group, sh, w);
		}
		return bits_get(&g->group, sh);
	case 0x100: /* IS/ICENABLER */
	case 0x180:
		return spi_set_clear(d, &g->enabled, sh, wr, !(off & 0x80), w);
	case 0x200: /* IS/ICPENDR */
	case 0x280:
		return spi_set_clear(d, &g->pending, sh, wr, !(off & 0x80), w);
	default: /* ISACTIVER, ICACTIVER: active state lives in the LRs */
		return 0;
	}
}

static bool gicd_access(struct vcpu *v, uint64_t off, unsigned size, bool wr,
			uint64_t *val)
{
	struct domain *d = v->domain;
	struct vgic_dist *g = &d->arch.vgic;
	if (off >= GICD_IROUTER && off < GICD_IROUTER + 8 * 1024) {
		unsigned intid = (unsigned)(off - GICD_IROUTER) / 8;
		unsigned sh = (off & 4) * 8;
		if (!(size == 8 && !(off & 7)) && size != 4)
			return false;
		uint64_t *r = intid >= 32 && intid - 32 < VGIC_NR_SPIS
				      ? &g->irouter[intid - 32]
				      : NULL;
		uint64_t mask = size == 8 ? ~0ULL : 0xffffffffULL << sh;
		if (wr && r)
			*r = (*r & ~mask) | ((*val << sh) & mask);
		else if (!wr)
			*val = !r ? 0 : size == 8 ? *r : (uint32_t)(*r >> sh);
		return true;
	}
	if (off >= 0x400 && off < 0x800) /* IPRIORITYR */
		return prio_access(g->prio, 32, VGIC_NR_SPIS,
				   (unsigned)off - 0x400, size, wr, val);
	if (size != 4)
		return false;
	uint32_t w = (uint32_t)*val, r = 0;
	switch (off) {
	case 0x0: /* CTLR: RWP always reads 0 */
		if (wr)
			g->ctlr = w &
				  (GICD_CTLR_G0 | GICD_CTLR_G1 | GICD_CTLR_ARE);
		r = g->ctlr | GICD_CTLR_DS;
		break;
	case 0x4: /* TYPER: 96 INTIDs, 10 ID bits, no LPIs */
		r = (VGIC_NR_SPIS / 32) | (9u << 19);
		break;
	case 0x8:
		r = GIC_IIDR;
		break;
	case 0xffe8:
		r = GIC_PIDR2;
		break;
	default:
		if (off >= 0x80 && off < 0x400)
			r = gicd_bitmap(d, (unsigned)off, wr, w);
		else if (off >= 0xc08 && off < 0xc08 + VGIC_NR_SPIS / 4) {
			uint32_t *c = &g->icfgr[(off - 0xc08) / 4];
			if (wr)
				*c = w & 0xaaaaaaaau; /* edge/level bits */
			r = *c;
		}
		break; /* everything else: RAZ/WI */
	}
	if (!wr)
		*val = r;
	return true;
}

/* A set/clear register pair over one 32-bit word; a set makes t look. */
static uint32_t set_clear(uint32_t *word, bool wr, bool set, uint32_t w,
			  struct vcpu *t)
{
	if (wr && set) {
		__atomic_fetch_or(word, w, __ATOMIC_SEQ_CST);
		sched_kick(t);
	} else if (wr) {
		__atomic_fetch_and(word, ~w, __ATOMIC_SEQ_CST);
	}
	return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}

static bool gicr_access(struct vcpu *v, uint64_t off, unsigned size, bool wr,
			uint64_t *val)
{
	struct domain *d = v->domain;
	unsigned idx = (unsigned)(off / GUEST_GICR_FRAME);
	struct vcpu *t = &d->vcpus[idx];
	struct vgic_cpu *c = &t->arch.vgic;
	uint64_t typer = (uint64_t)idx << 32 | (uint64_t)idx << 8 |
			 (idx + 1 == d->nr_vcpus ? 1u << 4 : 0);
	off %= GUEST_GICR_FRAME;
	if (off == 0x8 && size == 8) {
		if (!wr)
			*val = typer;
		return true;
	}
	if (off >= GICR_SGI + 0x400 && off < GICR_SGI + 0x420)
		return prio_access(c->prio, 0, 32,
				   (unsigned)(off - GICR_SGI - 0x400), size, wr,
				   val);
	if (size != 4)
		return false;
	uint32_t w = (uint32_t)*val, r = 0;
	switch (off) {
	case 0x4:
		r = GIC_IIDR;
		break;
	case 0x8:
		r = (uint32_t)typer;
		break;
	case 0xc:
		r = (uint32_t)(typer >> 32);
		break;
	case 0x14: /* WAKER: ChildrenAsleep follows ProcessorSleep */
		if (wr)
			c->waker = w & 2;
		r = c->waker | (c->waker ? 4 : 0);
		break;
	case 0xffe8:
		r = GIC_PIDR2;
		break;
	case GICR_SGI + 0x80:
		if (wr)
			c->group = w;
		r = c->group;
		break;
	case GICR_SGI + 0x100: /* IS/ICENABLER0 */
	case GICR_SGI + 0x180:
		r = set_clear(&c->enabled, wr, !(off & 0x80), w, t);
		break;
	case GICR_SGI + 0x200: /* IS/ICPENDR0 */
	case GICR_SGI + 0x280:
		r = set_clear(&c->pending, wr, !(off & 0x80), w, t);
		break;
	case GICR_SGI + 0xc00: /* ICFGR0: SGIs are edge, fixed */
		r = 0xaaaaaaaau;
		break;
	case GICR_SGI + 0xc04:
		if (wr)
			c->icfgr1 = w & 0xaaaaaaaau;
		r = c->icfgr1;
		break;
	default: /* CTLR (RWP 0), active bits, IGRPMODR, NSACR: RAZ/WI */
		break;
	}
	if (!wr)
		*val = r;
	return true;
}

/* A trapped access to [GICD] or [GICR frames]: false if it is not one of
 * them or has a width the register does not have. */
bool vgic_mmio(struct vcpu *v, uint64_t ipa, unsigned size, bool write,
	       uint64_t *val)
{
	if (ipa - GUEST_GICD < GUEST_GICD_SIZE)
		return gicd_access(v, ipa - GUEST_GICD, size, write, val);
	if (ipa - GUEST_GICR < v->domain->nr_vcpus * GUEST_GICR_FRAME)
		return gicr_access(v, ipa - GUEST_GICR, size, write, val);
	return false;
}
