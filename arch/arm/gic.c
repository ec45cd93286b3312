/* GICv3: distributor and redistributors by MMIO, the CPU interface and the
 * virtual interface (list registers) by system registers. */
#include <larch/console.h>
#include "arm.h"

#define GICD_CTLR	0x0
#define GICD_CTLR_ARE	(1u << 4)
#define GICD_CTLR_G1	(1u << 1)
#define GICD_CTLR_G0	(1u << 0)
#define GICD_CTLR_RWP	(1u << 31)
#define GICR_TYPER	0x8
#define GICR_WAKER	0x14
#define GICR_STRIDE	0x20000
#define SGI_BASE	0x10000
#define GICR_IGROUPR0	(SGI_BASE + 0x80)
#define GICR_ISENABLER0 (SGI_BASE + 0x100)
#define GICR_ICENABLER0 (SGI_BASE + 0x180)
#define GICR_IPRIORITYR (SGI_BASE + 0x400)

static inline uint32_t rd32(uint64_t a)
{
	return *(volatile uint32_t *)a;
}
static inline void wr32(uint64_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}
static inline uint64_t rd64(uint64_t a)
{
	return *(volatile uint64_t *)a;
}

void gic_dist_init(void)
{
	wr32(plat.gicd + GICD_CTLR, 0);
	while (rd32(plat.gicd + GICD_CTLR) & GICD_CTLR_RWP)
		;
	wr32(plat.gicd + GICD_CTLR, GICD_CTLR_ARE);
	wr32(plat.gicd + GICD_CTLR,
	     GICD_CTLR_ARE | GICD_CTLR_G1 | GICD_CTLR_G0);
}

unsigned gic_lrs;

/* Find this CPU's redistributor by affinity, wake it, enable the SGI and
 * PPIs the hypervisor takes, then the system-register CPU interface. */
void gic_cpu_init(unsigned cpu)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t aff = (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000);
	uint64_t rd = 0;
	for (uint64_t a = plat.gicr; a < plat.gicr + plat.gicr_size;
	     a += GICR_STRIDE) {
		uint64_t typer = rd64(a + GICR_TYPER);
		if ((typer >> 32) == aff) {
			rd = a;
			break;
		}
		if (typer & (1u << 4)) /* Last */
			break;
	}
	if (!rd)
		panic("cpu%u: no GIC redistributor for MPIDR %llx", cpu,
		      (unsigned long long)mpidr);
	arm_pcpu[cpu].gicr_sgi = (void *)(rd + SGI_BASE);
	wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~2u);
	while (rd32(rd + GICR_WAKER) & 4u)
		;
	wr32(rd + GICR_IGROUPR0, 0xffffffffu);
	for (unsigned i = 0; i < 32; i += 4)
		wr32(rd + GICR_IPRIORITYR + i, 0x80808080u);
	wr32(rd + GICR_ICENABLER0, 0xffffffffu);
	wr32(rd + GICR_ISENABLER0,
	     (1u << IPI_SGI) | (1u << PPI_HYP_TIMER) | (1u << PPI_VTIMER));

	write_sysreg(S3_4_C12_C9_5, 0xf); /* ICC_SRE_EL2: SRE, Enable for EL1 */
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1 */
	write_sysreg(S3_0_C12_C12_3, 0);  /* ICC_BPR1_EL1 */
	write_sysreg(S3_0_C12_C12_4,
		     0); /* ICC_CTLR_EL1: EOI drops + deactivates */
	write_sysreg(S3_0_C12_C12_7, 1); /* ICC_IGRPEN1_EL1 */
	write_sysreg(S3_4_C12_C11_0,
		     1); /* ICH_HCR_EL2.En: virtual CPU interface on */
	/* ICH_VTR_EL2.ListRegs + 1, kept for gic_nr_lrs: every CPU has the
	 * same, and the boot CPU gets here before any secondary starts */
	if (cpu == 0) {
		unsigned n = (read_sysreg(S3_4_C12_C11_1) & 0x1f) + 1;
		gic_lrs = n > ARM_NR_LRS ? ARM_NR_LRS : n;
	}
	for (unsigned i = 0; i < gic_nr_lrs(); i++)
		gic_lr_write(i, 0);
	isb();
}

unsigned gic_ack(void)
{
	unsigned v = read_sysreg(S3_0_C12_C12_0) & 0xffffff; /* ICC_IAR1_EL1 */
	dsb(sy);
	return v;
}

void gic_eoi(unsigned intid)
{
	write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}

void gic_send_sgi(unsigned cpu, unsigned sgi)
{
	uint64_t m = plat.cpu_mpidr[cpu];
	uint64_t v = (1ULL << (m & 0xf)) | (((m >> 8) & 0xff) << 16) |
		     ((uint64_t)sgi << 24) | (((m >> 16) & 0xff) << 32) |
		     (((m >> 32) & 0xff) << 48) | (((m & 0xff) >> 4) << 44);
	dsb(ishst);
	write_sysreg(S3_0_C12_C11_5, v); /* ICC_SGI1R_EL1 */
	isb();
}

/* ICH_LR<n>_EL2 are 16 separate registers: op2 = n & 7, CRm = 12 | n >> 3. */
#define LR_CASE(n, crm, op2)                                                   \
	case n:                                                                \
		if (wr)                                                        \
			write_sysreg(S3_4_C12_##crm##_##op2, val);             \
		else                                                           \
			val = read_sysreg(S3_4_C12_##crm##_##op2);             \
		break

static uint64_t lr_access(unsigned n, bool wr, uint64_t val)
{
	switch (n) {
		LR_CASE(0, C12, 0);
		LR_CASE(1, C12, 1);
		LR_CASE(2, C12, 2);
		LR_CASE(3, C12, 3);
		LR_CASE(4, C12, 4);
		LR_CASE(5, C12, 5);
		LR_CASE(6, C12, 6);
		LR_CASE(7, C12, 7);
		LR_CASE(8, C13, 0);
		LR_CASE(9, C13, 1);
		LR_CASE(10, C13, 2);
		LR_CASE(11, C13, 3);
		LR_CASE(12, C13, 4);
		LR_CASE(13, C13, 5);
		LR_CASE(14, C13, 6);
		LR_CASE(15, C13, 7);
	}
	return val;
}

void gic_lr_write(unsigned n, uint64_t val)
{
	lr_access(n, true, val);
}

uint64_t gic_lr_read(unsigned n)
{
	return lr_access(n, false, 0);
}

/* Is intid in a list register in one of the given states (LR_PENDING,
 * LR_ACTIVE, or both ORed)? */
bool vgic_has(unsigned intid, uint64_t states)
{
	int i = lr_find_in(gic_lrs_used(), intid);
	return i >= 0 && (gic_lr_read((unsigned)i) & states);
}

bool lr_put(unsigned intid, unsigned prio)
{
	return lr_put_inline(intid, prio);
}

/* A physical SPI the hypervisor takes itself: group 1, middle priority,
 * level, routed to the boot CPU, enabled. */
void gic_enable_spi(unsigned intid)
{
	uint64_t m = plat.cpu_mpidr[0];
	wr32(plat.gicd + 0x80 + intid / 32 * 4,
	     rd32(plat.gicd + 0x80 + intid / 32 * 4) | 1u << (intid % 32));
	*(volatile uint8_t *)(plat.gicd + 0x400 + intid) = 0x80;
	*(volatile uint64_t *)(plat.gicd + 0x6000 + intid * 8) =
		m & 0xff00ffffffULL; /* Aff3.Aff2.Aff1.Aff0 */
	wr32(plat.gicd + 0x100 + intid / 32 * 4, 1u << (intid % 32));
}
