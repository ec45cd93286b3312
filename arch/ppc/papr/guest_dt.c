/* The device tree a pseries Linux is booted with (flattened-device-tree
 * entry, no Open Firmware and so no client-architecture-support exchange):
 * what that exchange would have settled is said up front in /chosen's
 * ibm,architecture-vec-5 (radix MMU only, guest tlbie allowed, XICS). */
#include <string.h>
#include <libfdt.h>
#include <larch/format.h>
#include "papr.h"

/* ibm,pa-features of a POWER9 (the attribute-byte layout of PAPR; byte 40
 * bit 0 = radix MMU), as QEMU's pseries machine gives its POWER9 vCPUs. */
static const uint8_t pa_features_power9[] = {
	0x42, 0x00, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
	0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
	0x80, 0x00, 0xc0, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
	0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00,
	0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
};

/* Radix page sizes: <AP << 29 | log2(size)>: 4K, 64K, 2M, 1G. */
static const uint32_t radix_ap_encodings[] = {
	0x0000000c,
	0xa0000010,
	0x20000015,
	0x4000001e,
};

/* Option vector 5 as CAS would have returned it: byte 24 (MMU) = radix
 * only, byte 26 = radix guest translation shootdown (the partition issues
 * tlbie itself: LPCR[GTSE]), byte 23 (interrupt controller) = 0: XICS. */
#define OV5_LEN	       27
#define OV5_MMU_RADIX  0x40
#define OV5_RADIX_GTSE 0x40

static const char hypertas[] = "hcall-term\0hcall-splpar\0hcall-set-mode";

#define CHECK(x)                                                               \
	do {                                                                   \
		int err__ = (x);                                               \
		if (err__)                                                     \
			return err__;                                          \
	} while (0)

static int prop_u64_pair(void *fdt, const char *name, uint64_t a, uint64_t b)
{
	fdt64_t v[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };
	return fdt_property(fdt, name, v, sizeof(v));
}

static int build_cpus(void *fdt, const struct papr_dt_params *p)
{
	CHECK(fdt_begin_node(fdt, "cpus"));
	CHECK(fdt_property_u32(fdt, "#address-cells", 1));
	CHECK(fdt_property_u32(fdt, "#size-cells", 0));
	for (uint32_t i = 0; i < p->nr_vcpus; i++) {
		char name[32];
		snprintk(name, sizeof(name), "PowerPC,POWER9@%u", i);
		CHECK(fdt_begin_node(fdt, name));
		CHECK(fdt_property_string(fdt, "device_type", "cpu"));
		CHECK(fdt_property_u32(fdt, "reg", i));
		/* one thread per core: its own interrupt server number */
		CHECK(fdt_property_u32(fdt, "ibm,ppc-interrupt-server#s", i));
		fdt32_t gserver[2] = { cpu_to_fdt32(i), 0 };
		CHECK(fdt_property(fdt, "ibm,ppc-interrupt-gserver#s", gserver,
				   sizeof(gserver)));
		CHECK(fdt_property_string(fdt, "status", "okay"));
		CHECK(fdt_property(fdt, "64-bit", NULL, 0));
		CHECK(fdt_property_u32(fdt, "cpu-version", p->pvr));
		CHECK(fdt_property_u32(fdt, "timebase-frequency",
				       (uint32_t)p->tb_freq));
		CHECK(fdt_property_u32(fdt, "clock-frequency", 1000000000));
		CHECK(fdt_property_u32(fdt, "d-cache-block-size", 128));
		CHECK(fdt_property_u32(fdt, "d-cache-line-size", 128));
		CHECK(fdt_property_u32(fdt, "i-cache-block-size", 128));
		CHECK(fdt_property_u32(fdt, "i-cache-line-size", 128));
		CHECK(fdt_property_u32(fdt, "d-cache-size", 0x8000));
		CHECK(fdt_property_u32(fdt, "i-cache-size", 0x8000));
		CHECK(fdt_property(fdt, "ibm,pa-features", pa_features_power9,
				   sizeof(pa_features_power9)));
		fdt32_t ap[4];
		for (unsigned k = 0; k < 4; k++)
			ap[k] = cpu_to_fdt32(radix_ap_encodings[k]);
		CHECK(fdt_property(fdt, "ibm,processor-radix-AP-encodings", ap,
				   sizeof(ap)));
		CHECK(fdt_property_u32(fdt, "ibm,vmx", 2));
		CHECK(fdt_property_u32(fdt, "ibm,dfp", 1));
		CHECK(fdt_property_u32(fdt, "ibm,purr", 1));
		CHECK(fdt_property_u32(fdt, "ibm,spurr", 1));
		CHECK(fdt_property_u32(fdt, "ibm,chip-id", 0));
		CHECK(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int build_rtas(void *fdt, const struct papr_dt_params *p)
{
	CHECK(fdt_begin_node(fdt, "rtas"));
	CHECK(fdt_property_u32(fdt, "linux,rtas-base", (uint32_t)p->rtas));
	CHECK(fdt_property_u32(fdt, "linux,rtas-entry", (uint32_t)p->rtas));
	CHECK(fdt_property_u32(fdt, "rtas-size", PAPR_RTAS_SIZE));
	CHECK(fdt_property_u32(fdt, "rtas-version", 1));
	CHECK(fdt_property_u32(fdt, "rtas-event-scan-rate", 1));
	CHECK(fdt_property_u32(fdt, "rtas-error-log-max", 2048));
	CHECK(fdt_property(fdt, "ibm,hypertas-functions", hypertas,
			   sizeof(hypertas)));
	for (unsigned t = 1; t < RTAS_NR_TOKENS; t++)
		CHECK(fdt_property_u32(fdt, papr_rtas_names[t], t));
	/* ibm,os-term returns (the partition is stopped meanwhile): Linux
	 * calls it on panic only when told so */
	CHECK(fdt_property(fdt, "ibm,extended-os-term", NULL, 0));
	return fdt_end_node(fdt);
}

/* The terminals: the console and one per link, each with its input
 * interrupt, an XICS source; the vdevice node is the interrupt parent of
 * its children, as on PowerVM. */
static int build_vdevice(void *fdt, const struct papr_dt_params *p)
{
	char name[32];
	CHECK(fdt_begin_node(fdt, "vdevice"));
	CHECK(fdt_property_string(fdt, "device_type", "vdevice"));
	CHECK(fdt_property_string(fdt, "compatible", "IBM,vdevice"));
	CHECK(fdt_property_u32(fdt, "#address-cells", 1));
	CHECK(fdt_property_u32(fdt, "#size-cells", 0));
	CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
	CHECK(fdt_property_u32(fdt, "#interrupt-cells", 2));
	for (uint32_t k = 0; k <= p->nr_links; k++) {
		snprintk(name, sizeof(name), "vty@%x", PAPR_VTERM_REG + k);
		CHECK(fdt_begin_node(fdt, name));
		CHECK(fdt_property_string(fdt, "device_type", "serial"));
		CHECK(fdt_property_string(fdt, "compatible", "hvterm1"));
		CHECK(fdt_property_u32(fdt, "reg", PAPR_VTERM_REG + k));
		fdt32_t irq[2] = { cpu_to_fdt32(PAPR_IRQ_LINK + k), 0 };
		CHECK(fdt_property(fdt, "interrupts", irq, sizeof(irq)));
		CHECK(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

static int build_xics(void *fdt, const struct papr_dt_params *p)
{
	CHECK(fdt_begin_node(fdt, "interrupt-controller"));
	CHECK(fdt_property_string(fdt, "device_type",
				  "PowerPC-External-Interrupt-Presentation"));
	CHECK(fdt_property_string(fdt, "compatible", "IBM,ppc-xicp"));
	CHECK(fdt_property(fdt, "interrupt-controller", NULL, 0));
	CHECK(fdt_property_u32(fdt, "#interrupt-cells", 2));
	fdt32_t servers[2] = { 0, cpu_to_fdt32(p->nr_vcpus) };
	CHECK(fdt_property(fdt, "ibm,interrupt-server-ranges", servers,
			   sizeof(servers)));
	CHECK(fdt_property_u32(fdt, "phandle", 0x1111));
	return fdt_end_node(fdt);
}

int papr_build_dt(void *buf, size_t max, const struct papr_dt_params *p)
{
	void *fdt = buf;
	char stdout_path[40];
	uint8_t ov5[OV5_LEN] = { 0 };
	ov5[24] = OV5_MMU_RADIX;
	ov5[26] = OV5_RADIX_GTSE;
	snprintk(stdout_path, sizeof(stdout_path), "/vdevice/vty@%x",
		 PAPR_VTERM_REG);

	CHECK(fdt_create(fdt, (int)max));
	/* what Linux must not allocate: the RTAS stub and this tree */
	CHECK(fdt_add_reservemap_entry(fdt, p->rtas, PAPR_RTAS_SIZE));
	CHECK(fdt_finish_reservemap(fdt));
	CHECK(fdt_begin_node(fdt, ""));
	CHECK(fdt_property_u32(fdt, "#address-cells", 2));
	CHECK(fdt_property_u32(fdt, "#size-cells", 2));
	CHECK(fdt_property_string(fdt, "device_type", "chrp"));
	CHECK(fdt_property_string(fdt, "model", "larch PAPR partition"));
	CHECK(fdt_property_string(fdt, "compatible", "larch,pseries"));

	CHECK(fdt_begin_node(fdt, "chosen"));
	CHECK(fdt_property_string(fdt, "bootargs", p->bootargs));
	CHECK(fdt_property_string(fdt, "stdout-path", stdout_path));
	CHECK(fdt_property_string(fdt, "linux,stdout-path", stdout_path));
	CHECK(fdt_property(fdt, "ibm,architecture-vec-5", ov5, sizeof(ov5)));
	if (p->initrd_size) {
		CHECK(fdt_property_u64(fdt, "linux,initrd-start", p->initrd));
		CHECK(fdt_property_u64(fdt, "linux,initrd-end",
				       p->initrd + p->initrd_size));
	}
	CHECK(fdt_end_node(fdt));

	CHECK(fdt_begin_node(fdt, "memory@0"));
	CHECK(fdt_property_string(fdt, "device_type", "memory"));
	CHECK(prop_u64_pair(fdt, "reg", 0, p->ram));
	CHECK(fdt_end_node(fdt));

	CHECK(build_cpus(fdt, p));
	CHECK(build_rtas(fdt, p));
	CHECK(build_vdevice(fdt, p));
	CHECK(build_xics(fdt, p));
	CHECK(fdt_end_node(fdt));
	CHECK(fdt_finish(fdt));
	/* the boot CPU is interrupt server 0 */
	fdt_set_boot_cpuid_phys(fdt, 0);
	return 0;
}
