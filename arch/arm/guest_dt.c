/* The device tree a kernel domain boots with: its RAM, vCPUs (PSCI),
 * the emulated GICv3 and PL011, the virtual timer, and the Xen node with
 * the grant-table frames and the event upcall PPI. */
#include <libfdt.h>
#include <larch/config.h>
#include <larch/domain.h>
#include <larch/format.h>
#include "arm.h"

#define PH_GIC 1
#define PH_CLK 2

static int dt_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt32_t r[4] = { cpu_to_fdt32(base >> 32), cpu_to_fdt32(base),
			 cpu_to_fdt32(size >> 32), cpu_to_fdt32(size) };
	return fdt_property(fdt, "reg", r, sizeof(r));
}

static int dt_irq(void *fdt, unsigned type, unsigned nr, unsigned flags)
{
	fdt32_t r[3] = { cpu_to_fdt32(type), cpu_to_fdt32(nr),
			 cpu_to_fdt32(flags) };
	return fdt_property(fdt, "interrupts", r, sizeof(r));
}

/* Written with libfdt's sequential-write API; each call's error is ORed
 * into rc (any negative value makes the OR negative). */
int guest_dt_build(void *fdt, int max, struct domain *d,
		   const struct domain_config *cfg, uint64_t ram_size,
		   uint64_t initrd)
{
	int rc = fdt_create(fdt, max);
	rc |= fdt_finish_reservemap(fdt);
	rc |= fdt_begin_node(fdt, "");
	rc |= fdt_property_string(fdt, "compatible", "linux,dummy-virt");
	rc |= fdt_property_u32(fdt, "#address-cells", 2);
	rc |= fdt_property_u32(fdt, "#size-cells", 2);
	rc |= fdt_property_u32(fdt, "interrupt-parent", PH_GIC);

	rc |= fdt_begin_node(fdt, "chosen");
	if (cfg->bootargs[0])
		rc |= fdt_property_string(fdt, "bootargs", cfg->bootargs);
	rc |= fdt_property_string(fdt, "stdout-path", "/pl011@9000000");
	if (cfg->initrd.size) {
		rc |= fdt_property_u64(fdt, "linux,initrd-start", initrd);
		rc |= fdt_property_u64(fdt, "linux,initrd-end",
				       initrd + cfg->initrd.size);
	}
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "memory@40000000");
	rc |= fdt_property_string(fdt, "device_type", "memory");
	rc |= dt_reg(fdt, d->guest_base, ram_size);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "cpus");
	rc |= fdt_property_u32(fdt, "#address-cells", 1);
	rc |= fdt_property_u32(fdt, "#size-cells", 0);
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		char name[16];
		snprintk(name, sizeof(name), "cpu@%u", i);
		rc |= fdt_begin_node(fdt, name);
		rc |= fdt_property_string(fdt, "device_type", "cpu");
		rc |= fdt_property_string(fdt, "compatible", "arm,armv8");
		rc |= fdt_property_u32(fdt, "reg", i); /* MPIDR Aff0 */
		rc |= fdt_property_string(fdt, "enable-method", "psci");
		rc |= fdt_end_node(fdt);
	}
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "psci");
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	rc |= fdt_property(fdt, "compatible", psci_compat, sizeof(psci_compat));
	rc |= fdt_property_string(fdt, "method", "hvc");
	rc |= fdt_end_node(fdt);

	/* the four PPIs: secure and non-secure physical, virtual, hyp */
	rc |= fdt_begin_node(fdt, "timer");
	rc |= fdt_property_string(fdt, "compatible", "arm,armv8-timer");
	fdt32_t t[12];
	static const unsigned ppis[4] = { 13, 14, 11, 10 };
	for (unsigned i = 0; i < 4; i++) {
		t[3 * i] = cpu_to_fdt32(1);
		t[3 * i + 1] = cpu_to_fdt32(ppis[i]);
		t[3 * i + 2] = cpu_to_fdt32(4); /* level high */
	}
	rc |= fdt_property(fdt, "interrupts", t, sizeof(t));
	rc |= fdt_property(fdt, "always-on", NULL, 0);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "intc@8000000");
	rc |= fdt_property_string(fdt, "compatible", "arm,gic-v3");
	rc |= fdt_property_u32(fdt, "#interrupt-cells", 3);
	rc |= fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc |= fdt_property_u32(fdt, "#redistributor-regions", 1);
	fdt32_t g[8] = {
		0, cpu_to_fdt32(GUEST_GICD),
		0, cpu_to_fdt32(GUEST_GICD_SIZE),
		0, cpu_to_fdt32(GUEST_GICR),
		0, cpu_to_fdt32(d->nr_vcpus * GUEST_GICR_FRAME),
	};
	rc |= fdt_property(fdt, "reg", g, sizeof(g));
	rc |= fdt_property_u32(fdt, "phandle", PH_GIC);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "apb-pclk");
	rc |= fdt_property_string(fdt, "compatible", "fixed-clock");
	rc |= fdt_property_u32(fdt, "#clock-cells", 0);
	rc |= fdt_property_u32(fdt, "clock-frequency", 24000000);
	rc |= fdt_property_string(fdt, "clock-output-names", "clk24mhz");
	rc |= fdt_property_u32(fdt, "phandle", PH_CLK);
	rc |= fdt_end_node(fdt);

	rc |= fdt_begin_node(fdt, "pl011@9000000");
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	rc |= fdt_property(fdt, "compatible", uart_compat, sizeof(uart_compat));
	rc |= dt_reg(fdt, GUEST_UART, GUEST_UART_SIZE);
	rc |= dt_irq(fdt, 0, GUEST_UART_SPI, 4);
	fdt32_t clk[2] = { cpu_to_fdt32(PH_CLK), cpu_to_fdt32(PH_CLK) };
	rc |= fdt_property(fdt, "clocks", clk, sizeof(clk));
	static const char clk_names[] = "uartclk\0apb_pclk";
	rc |= fdt_property(fdt, "clock-names", clk_names, sizeof(clk_names));
	rc |= fdt_end_node(fdt);

	/* Xen: grant-table frames at the start of the hv_area; the event
	 * upcall is PPI 15 (INTID 31), level, as Xen describes it */
	rc |= fdt_begin_node(fdt, "hypervisor");
	static const char xen_compat[] = "xen,xen-4.17\0xen,xen";
	rc |= fdt_property(fdt, "compatible", xen_compat, sizeof(xen_compat));
	rc |= dt_reg(fdt, d->arch.hv_area, GUEST_GNT_FRAMES * 4096ULL);
	rc |= dt_irq(fdt, 1, PPI_EVTCHN - 16, 0xf08);
	rc |= fdt_end_node(fdt);

	rc |= fdt_end_node(fdt);
	rc |= fdt_finish(fdt);
	return rc;
}
