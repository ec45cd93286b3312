/* Host test of the x86 PV boot protocol: the Xen ELF notes reader
 * (arch/x86/pv/elf_notes.c) on synthetic images, good and bad, and the PV
 * domain builder (arch/x86/pv/dom_build.c) on a host buffer, checked by
 * walking the page tables it made. With a path argument, also the real
 * Debian vmlinux's notes against the values in DESIGN.md. */
#include <stdint.h>
#include <stdlib.h>
#include <public/elfnote.h>
#include <public/start_info.h>
#include "harness.h"
#include "../arch/x86/pv/elf_notes.c"
#include "../arch/x86/pv/dom_build.c"

HARNESS_DEFINE("x86");

#define VBASE	0xffffffff80000000ull
#define KPADDR	0x200000ull
#define KFILESZ 0x3000ull
#define KMEMSZ	0x5000ull
#define ENTRY	(VBASE + KPADDR + 0x1000)
#define P2M_VA	0x8000000000ull
#define MADDR	0x40000000ull
#define MEMSZ	(16ull << 20)

static uint8_t img[0x8000];
static size_t img_len;

static void put(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* One "Xen" note at *off: numeric if s is NULL. */
static void add_note(size_t *off, uint32_t type, const char *s, uint64_t v,
		     unsigned vsize)
{
	uint8_t *p = img + *off;
	unsigned n = s ? (unsigned)strlen(s) + 1 : vsize;
	put(p, 4, 4);
	put(p + 4, n, 4);
	put(p + 8, type, 4);
	memcpy(p + 12, "Xen", 4);
	if (s)
		memcpy(p + 16, s, n);
	else
		put(p + 16, v, vsize);
	*off += 16 + ((n + 3) & ~3u);
}

/* A kernel laid out like Linux's: one text segment at paddr 2 MiB, a
 * percpu-like segment at vaddr 0 (so the builder must load by paddr), the
 * notes; features as given. */
static void make_image(const char *features, int with_notes)
{
	memset(img, 0, sizeof(img));
	uint8_t *e = img;
	memcpy(e, "\177ELF", 4);
	e[4] = 2, e[5] = 1, e[6] = 1;
	put(e + 16, 2, 2);
	put(e + 18, 62, 2);
	put(e + 24, ENTRY, 8);
	put(e + 32, 64, 8);
	put(e + 52, 64, 2);
	put(e + 54, 56, 2);
	put(e + 56, 3, 2);
	uint8_t *ph = e + 64;
	/* PT_LOAD text: file 0x1000..0x4000 */
	put(ph, 1, 4);
	put(ph + 8, 0x1000, 8);
	put(ph + 16, VBASE + KPADDR, 8);
	put(ph + 24, KPADDR, 8);
	put(ph + 32, KFILESZ, 8);
	put(ph + 40, KMEMSZ, 8);
	for (unsigned i = 0; i < KFILESZ; i++)
		img[0x1000 + i] = (uint8_t)(i * 13 + 5);
	/* PT_LOAD "percpu": vaddr 0, paddr after the text */
	ph += 56;
	put(ph, 1, 4);
	put(ph + 8, 0x4000, 8);
	put(ph + 16, 0, 8);
	put(ph + 24, KPADDR + KMEMSZ, 8);
	put(ph + 32, 0x1000, 8);
	put(ph + 40, 0x1000, 8);
	memset(img + 0x4000, 0xab, 0x1000);
	/* PT_NOTE at 0x5000 */
	size_t off = 0x5000;
	if (with_notes) {
		add_note(&off, XEN_ELFNOTE_GUEST_OS, "linux", 0, 0);
		add_note(&off, XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 0, 0);
		add_note(&off, XEN_ELFNOTE_VIRT_BASE, NULL, VBASE, 8);
		add_note(&off, XEN_ELFNOTE_PADDR_OFFSET, NULL, 0, 8);
		add_note(&off, XEN_ELFNOTE_ENTRY, NULL, ENTRY, 8);
		add_note(&off, XEN_ELFNOTE_HV_START_LOW, NULL,
			 0xffff800000000000ull, 8);
		add_note(&off, XEN_ELFNOTE_INIT_P2M, NULL, P2M_VA, 8);
		add_note(&off, XEN_ELFNOTE_MOD_START_PFN, NULL, 1, 4);
		add_note(&off, XEN_ELFNOTE_SUPPORTED_FEATURES, NULL, 0x8801, 4);
		add_note(&off, XEN_ELFNOTE_PAE_MODE, "yes", 0, 0);
		add_note(&off, XEN_ELFNOTE_LOADER, "generic", 0, 0);
		add_note(&off, XEN_ELFNOTE_FEATURES, features, 0, 0);
	} else {
		/* A non-Xen note only. */
		put(img + off, 4, 4);
		put(img + off + 4, 4, 4);
		put(img + off + 8, 1, 4);
		memcpy(img + off + 12, "GNU", 4);
		off += 20;
	}
	ph += 56;
	put(ph, 4, 4);
	put(ph + 8, 0x5000, 8);
	put(ph + 32, off - 0x5000, 8);
	put(ph + 40, off - 0x5000, 8);
	img_len = off;
}

#define LINUX_FEATURES "!writable_page_tables|pae_pgdir_above_4gb"

static void parse_synthetic_kernel(void)
{
	struct pv_elf_info in;
	make_image(LINUX_FEATURES, 1);
	EXPECT_EQ(pv_elf_parse(img, img_len, LARCH_PV_FEATURES, &in), 0);
	EXPECT(!in.why);
	EXPECT_EQ(in.nr_segs, 2);
	EXPECT(in.virt_base == VBASE);
	EXPECT_EQ(in.paddr_offset, 0);
	EXPECT(in.entry == ENTRY);
	EXPECT(in.init_p2m == P2M_VA);
	EXPECT(in.hv_start_low == 0xffff800000000000ull);
	EXPECT_EQ(in.mod_start_pfn, 1);
	EXPECT_EQ(in.supported_features, 0x8801);
	EXPECT_EQ(in.hypercall_page, 0);
	EXPECT(!(in.present & (1ull << XEN_ELFNOTE_HYPERCALL_PAGE)));
	EXPECT(!strcmp(in.guest_os, "linux"));
	EXPECT(!strcmp(in.xen_version, "xen-3.0"));
	EXPECT(!strcmp(in.pae_mode, "yes"));
	EXPECT(!strcmp(in.loader, "generic"));
	EXPECT(!strcmp(in.features_str, LINUX_FEATURES));
	EXPECT_EQ(in.features, (1u << XENFEAT_writable_page_tables) |
				       (1u << XENFEAT_pae_pgdir_above_4gb));
	EXPECT_EQ(in.features_required, 1u << XENFEAT_writable_page_tables);
	EXPECT_EQ(in.paddr_lo, KPADDR);
	EXPECT_EQ(in.paddr_hi, KPADDR + KMEMSZ + 0x1000);
	struct pv_elf_seg s;
	pv_elf_seg(&in, 1, &s);
	EXPECT_EQ(s.vaddr, 0);
	EXPECT_EQ(s.paddr, KPADDR + KMEMSZ);
}

/* Each bad image: refused with its own message. */
static int bad(const char *why_prefix, const char *what, size_t len,
	       uint32_t feats)
{
	struct pv_elf_info in;
	if (pv_elf_parse(img, len, feats, &in) != -1 || !in.why)
		return 0;
	if (strncmp(in.why, why_prefix, strlen(why_prefix)))
		return 0;
	return !what || !strcmp(in.what, what);
}

static void refuse_bad_images(void)
{
	make_image(LINUX_FEATURES, 1);
	img[1] = 'X';
	EXPECT(bad("is not an ELF image", NULL, img_len, LARCH_PV_FEATURES));
	make_image(LINUX_FEATURES, 1);
	img[4] = 1;
	EXPECT(bad("is not a little-endian ELF64", NULL, img_len,
		   LARCH_PV_FEATURES));
	make_image(LINUX_FEATURES, 1);
	put(img + 18, 3, 2);
	EXPECT(bad("is not an x86_64", NULL, img_len, LARCH_PV_FEATURES));
	make_image(LINUX_FEATURES, 1);
	EXPECT(bad("is truncated (a segment", NULL, 0x3000, LARCH_PV_FEATURES));
	EXPECT(bad("is truncated (program headers", NULL, 100,
		   LARCH_PV_FEATURES));
	EXPECT(bad("is not an ELF image", NULL, 10, LARCH_PV_FEATURES));
	/* Segment offset far past the end. */
	put(img + 64 + 8, 0x7fffffffffffull, 8);
	EXPECT(bad("is truncated (a segment", NULL, img_len,
		   LARCH_PV_FEATURES));
	make_image(LINUX_FEATURES, 0);
	EXPECT(bad("has no Xen notes", NULL, img_len, LARCH_PV_FEATURES));
	make_image(LINUX_FEATURES, 1);
	EXPECT(bad("requires a feature larch lacks", "writable_page_tables",
		   img_len, 0));
	make_image("pae_pgdir_above_4gb|!writable_descriptor_tables", 1);
	EXPECT(bad("requires a feature larch lacks",
		   "writable_descriptor_tables", img_len, LARCH_PV_FEATURES));
	make_image("!no_such_feature", 1);
	EXPECT(bad("requires a feature unknown", "no_such_feature", img_len,
		   LARCH_PV_FEATURES));
	/* An optional unknown feature is ignored, as Xen does. */
	make_image("no_such_feature|" LINUX_FEATURES, 1);
	struct pv_elf_info in;
	EXPECT_EQ(pv_elf_parse(img, img_len, LARCH_PV_FEATURES, &in), 0);
	/* A note whose descsz runs past its segment. */
	make_image(LINUX_FEATURES, 1);
	put(img + 0x5004, 0x1000, 4);
	EXPECT(bad("has a truncated note", NULL, img_len, LARCH_PV_FEATURES));
}

static uint8_t *mem;
static unsigned hook_calls;
static uint64_t *hook_l4;

static void fake_install_hv_slots(uint64_t *l4)
{
	hook_calls++;
	hook_l4 = l4;
}

/* VA -> machine address through the built tables; *rw: every level
 * writable. ~0 if not mapped. */
static uint64_t walk(uint64_t cr3, uint64_t va, int *rw, int *user)
{
	uint64_t t = cr3;
	*rw = 1, *user = 1;
	for (int shift = 39; shift >= 12; shift -= 9) {
		if (t < MADDR || t >= MADDR + MEMSZ)
			return ~0ull;
		uint64_t e =
			((uint64_t *)(mem + (t - MADDR)))[(va >> shift) & 511];
		if (!(e & PV_PTE_P))
			return ~0ull;
		*rw &= !!(e & PV_PTE_RW);
		*user &= !!(e & PV_PTE_US);
		t = e & PV_PTE_ADDR;
	}
	return t | (va & 0xfff);
}

static struct pv_elf_info kern;
static struct pv_build_res res;
static uint8_t initrd[10000];

static int build(uint64_t initrd_len, uint64_t memsz)
{
	struct pv_build_req req = {
		.mem_maddr = MADDR,
		.mem_size = memsz,
		.mem_host = mem,
		.kernel = &kern,
		.initrd = initrd,
		.initrd_len = initrd_len,
		.cmdline = "console=hvc0 earlyprintk=xen",
		.shared_info_maddr = 0x7000,
		.store_evtchn = 1,
		.console_evtchn = 2,
		.install_hv_slots = fake_install_hv_slots,
	};
	return pv_build(&req, &res);
}

static void build_layout_and_tables(void)
{
	make_image(LINUX_FEATURES, 1);
	EXPECT_EQ(pv_elf_parse(img, img_len, LARCH_PV_FEATURES, &kern), 0);
	for (unsigned i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i * 3 + 1);
	hook_calls = 0;
	EXPECT_EQ(build(sizeof(initrd), MEMSZ), 0);
	EXPECT(!res.why);
	EXPECT_EQ(hook_calls, 1);
	EXPECT(hook_l4 == (uint64_t *)(mem + (res.cr3 - MADDR)));
	EXPECT(res.rip == ENTRY);
	EXPECT(res.rsi == res.start_info_va);
	EXPECT(res.v_start == VBASE);
	/* Order: kernel, initrd, start_info, store, console, tables, stack
	 * (the p2m is apart: INIT_P2M). */
	EXPECT_EQ(res.kernel_pfn, KPADDR >> 12);
	EXPECT_EQ(res.initrd_pfn, (KPADDR + KMEMSZ + 0x1000) >> 12);
	EXPECT_EQ(res.start_info_pfn, res.initrd_pfn + 3);
	EXPECT_EQ(res.store_pfn, res.start_info_pfn + 1);
	EXPECT_EQ(res.console_pfn, res.start_info_pfn + 2);
	EXPECT_EQ(res.pt_pfn, res.start_info_pfn + 3);
	EXPECT_EQ(res.stack_pfn, res.pt_pfn + res.nr_pt - 3); /* p2m: 3 */
	EXPECT(res.rsp == VBASE + (res.stack_pfn + 1) * 4096);
	/* 4 MiB-rounded with >= 512 KiB beyond the stack. */
	EXPECT_EQ(res.v_end & ((4 << 20) - 1), 0);
	EXPECT(res.v_end - res.rsp >= 512 * 1024);
	EXPECT_EQ(res.p2m_pfn, (res.v_end - VBASE) >> 12);
	/* The list, then its own L3, L2, L1 (L4 slot 1). */
	EXPECT_EQ(res.nr_p2m_frames, MEMSZ / 4096 * 8 / 4096 + 3);

	int rw, us;
	/* Kernel bytes at their vaddr, including the vaddr-0 segment's
	 * bytes at their paddr. */
	uint64_t ma = walk(res.cr3, VBASE + KPADDR + 7, &rw, &us);
	EXPECT(ma == MADDR + KPADDR + 7);
	EXPECT(rw && us);
	EXPECT_EQ(mem[KPADDR + 7], img[0x1000 + 7]);
	EXPECT_EQ(mem[KPADDR + KFILESZ], 0); /* bss zeroed */
	EXPECT_EQ(mem[KPADDR + KMEMSZ + 5], 0xab);
	EXPECT(walk(res.cr3, ENTRY, &rw, &us) == MADDR + (ENTRY - VBASE));
	/* Everything up to v_end mapped, nothing at v_end. */
	EXPECT(walk(res.cr3, res.v_end - 1, &rw, &us) ==
	       MADDR + (res.v_end - 1 - VBASE));
	EXPECT(walk(res.cr3, res.v_end, &rw, &us) == ~0ull);
	/* The stack: mapped writable. */
	EXPECT(walk(res.cr3, res.rsp - 8, &rw, &us) ==
	       MADDR + res.stack_pfn * 4096 + 4088);
	EXPECT(rw);

	/* start_info, every field. */
	uint64_t si_ma = walk(res.cr3, res.rsi, &rw, &us);
	EXPECT(si_ma == MADDR + res.start_info_pfn * 4096);
	const struct xen_start_info *si =
		(const void *)(mem + res.start_info_pfn * 4096);
	EXPECT(!strcmp(si->magic, "xen-3.0-x86_64"));
	EXPECT_EQ(si->nr_pages, MEMSZ / 4096);
	EXPECT_EQ(si->shared_info, 0x7000);
	EXPECT_EQ(si->flags, SIF_MOD_START_PFN);
	EXPECT_EQ(si->store_mfn, MADDR / 4096 + res.store_pfn);
	EXPECT_EQ(si->store_evtchn, 1);
	EXPECT_EQ(si->console_mfn, MADDR / 4096 + res.console_pfn);
	EXPECT_EQ(si->console_evtchn, 2);
	EXPECT(si->pt_base == VBASE + res.pt_pfn * 4096);
	EXPECT_EQ(si->nr_pt_frames, res.stack_pfn - res.pt_pfn);
	EXPECT_EQ(si->mfn_list, P2M_VA);
	EXPECT_EQ(si->mod_start, res.initrd_pfn);
	EXPECT_EQ(si->mod_len, sizeof(initrd));
	EXPECT(!strcmp(si->cmd_line, "console=hvc0 earlyprintk=xen"));
	EXPECT_EQ(si->first_p2m_pfn, res.p2m_pfn);
	EXPECT_EQ(si->nr_p2m_frames, res.nr_p2m_frames);
	EXPECT(!memcmp(mem + si->mod_start * 4096, initrd, sizeof(initrd)));
	EXPECT(res.hypercall_page_va == 0);

	/* The p2m at INIT_P2M: entry i is the domain's machine frame i. */
	for (uint64_t i = 0; i < MEMSZ / 4096; i += 257) {
		uint64_t e = walk(res.cr3, P2M_VA + i * 8, &rw, &us);
		EXPECT(e != ~0ull && rw);
		if (e != ~0ull)
			EXPECT_EQ(*(uint64_t *)(mem + (e - MADDR)),
				  MADDR / 4096 + i);
	}
	EXPECT(walk(res.cr3, P2M_VA + res.nr_p2m_frames * 4096, &rw, &us) ==
	       ~0ull);

	/* Page-table frames: the L4, L3, L2 first (Linux's
	 * xen_setup_kernel_pagetable gives back pt_base's first three
	 * frames when they are those), levels counted. Bootstrap tables lie
	 * in [pt_base, + nr_pt_frames) and are mapped read-only; the p2m's
	 * tables follow the p2m list and are not mapped at all. */
	EXPECT_EQ(res.pt[0].level, 4);
	EXPECT_EQ(res.pt[1].level, 3);
	EXPECT_EQ(res.pt[2].level, 2);
	EXPECT_EQ(res.pt[1].mfn, res.pt[0].mfn + 1);
	EXPECT_EQ(res.pt[2].mfn, res.pt[0].mfn + 2);
	EXPECT(res.pt[0].mfn * 4096 == res.cr3);
	unsigned per_level[5] = { 0 }, in_boot = 0;
	uint64_t p2m_list_end = res.p2m_pfn + MEMSZ / 4096 * 8 / 4096;
	for (unsigned i = 0; i < res.nr_pt; i++) {
		uint64_t pfn = res.pt[i].mfn - MADDR / 4096;
		EXPECT(res.pt[i].level >= 1 && res.pt[i].level <= 4);
		per_level[res.pt[i].level]++;
		uint64_t m = walk(res.cr3, VBASE + pfn * 4096, &rw, &us);
		if (pfn >= res.pt_pfn && pfn < res.stack_pfn) {
			in_boot++;
			EXPECT(m == res.pt[i].mfn * 4096);
			EXPECT(!rw);
		} else {
			EXPECT(pfn >= p2m_list_end &&
			       pfn < res.p2m_pfn + res.nr_p2m_frames);
			EXPECT(m == ~0ull);
		}
	}
	EXPECT_EQ(in_boot, si->nr_pt_frames);
	EXPECT_EQ(res.nr_pt, si->nr_pt_frames + 3);
	/* 16 MiB bootstrap + 128 KiB p2m: L4 slots 511 and 1. */
	EXPECT_EQ(per_level[4], 1);
	EXPECT_EQ(per_level[3], 2);
	EXPECT_EQ(per_level[2], 2);
	EXPECT_EQ(per_level[1], (res.v_end - VBASE) / (2 << 20) + 1);
	/* The page before the tables (console) and after (stack): writable. */
	walk(res.cr3, VBASE + res.console_pfn * 4096, &rw, &us);
	EXPECT(rw);
}

static void build_p2m_in_bootstrap_without_init_p2m(void)
{
	make_image(LINUX_FEATURES, 1);
	EXPECT_EQ(pv_elf_parse(img, img_len, LARCH_PV_FEATURES, &kern), 0);
	kern.init_p2m = 0;
	kern.mod_start_pfn = 0;
	EXPECT_EQ(build(100, MEMSZ), 0);
	EXPECT_EQ(res.p2m_pfn, res.initrd_pfn + 1);
	EXPECT_EQ(res.start_info_pfn, res.p2m_pfn + MEMSZ / 4096 * 8 / 4096);
	const struct xen_start_info *si =
		(const void *)(mem + res.start_info_pfn * 4096);
	EXPECT(si->mfn_list == VBASE + res.p2m_pfn * 4096);
	EXPECT(si->mod_start == VBASE + res.initrd_pfn * 4096);
	EXPECT_EQ(si->flags, 0);
	EXPECT_EQ(si->nr_p2m_frames, 0);
	int rw, us;
	uint64_t e = walk(res.cr3, si->mfn_list + 8 * 5, &rw, &us);
	EXPECT(e != ~0ull);
	if (e != ~0ull)
		EXPECT_EQ(*(uint64_t *)(mem + (e - MADDR)), MADDR / 4096 + 5);
}

static void build_refuses_what_does_not_fit(void)
{
	make_image(LINUX_FEATURES, 1);
	EXPECT_EQ(pv_elf_parse(img, img_len, LARCH_PV_FEATURES, &kern), 0);
	EXPECT_EQ(build(MEMSZ, MEMSZ), -1);
	EXPECT(res.why && !strcmp(res.why, "initrd is larger than the domain"));
	EXPECT_EQ(build(~0ull, MEMSZ), -1);
	EXPECT(res.why && !strcmp(res.why, "initrd is larger than the domain"));
	/* An initrd that fits alone but not with the boot structures. */
	EXPECT_EQ(build(MEMSZ - (4 << 20), MEMSZ), -1);
	EXPECT(res.why && !strncmp(res.why, "domain is too small", 19));
	EXPECT_EQ(build(0, 0x200000), -1);
	EXPECT(res.why && !strcmp(res.why, "kernel is larger than the domain"));
	/* INIT_P2M inside the bootstrap mapping or the hypervisor's slots. */
	kern.init_p2m = VBASE + 0x100000;
	EXPECT_EQ(build(0, MEMSZ), -1);
	EXPECT(res.why && !strncmp(res.why, "kernel's INIT_P2M", 17));
	kern.init_p2m = 0xffff810000000000ull;
	EXPECT_EQ(build(0, MEMSZ), -1);
	EXPECT(res.why && !strncmp(res.why, "kernel's mappings overlap", 25));
	kern.init_p2m = P2M_VA;
	kern.entry = VBASE;
	EXPECT_EQ(build(0, MEMSZ), -1);
	EXPECT(res.why && !strncmp(res.why, "kernel's entry", 14));
}

/* The real Debian 6.1 cloud-amd64 vmlinux (DESIGN.md "Real kernels"). */
static const char *real_path;
static void real_vmlinux_notes(void)
{
	FILE *f = fopen(real_path, "rb");
	EXPECT(f);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc((size_t)n);
	EXPECT(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	struct pv_elf_info in;
	EXPECT_EQ(pv_elf_parse(buf, (size_t)n, LARCH_PV_FEATURES, &in), 0);
	EXPECT(!strcmp(in.guest_os, "linux"));
	EXPECT(!strcmp(in.xen_version, "xen-3.0"));
	EXPECT(in.virt_base == 0xffffffff80000000ull);
	EXPECT_EQ(in.paddr_offset, 0);
	EXPECT(in.entry == 0xffffffff8304e1c0ull);
	EXPECT(in.hv_start_low == 0xffff800000000000ull);
	EXPECT(in.init_p2m == 0x8000000000ull);
	EXPECT_EQ(in.mod_start_pfn, 1);
	EXPECT(!strcmp(in.pae_mode, "yes"));
	EXPECT(!strcmp(in.loader, "generic"));
	EXPECT(in.present & (1ull << XEN_ELFNOTE_L1_MFN_VALID));
	EXPECT(in.present & (1ull << XEN_ELFNOTE_SUSPEND_CANCEL));
	EXPECT(in.present & (1ull << XEN_ELFNOTE_PHYS32_ENTRY));
	EXPECT(!(in.present & (1ull << XEN_ELFNOTE_HYPERCALL_PAGE)));
	EXPECT_EQ(in.supported_features, 0x8801);
	EXPECT(!strcmp(in.features_str,
		       "!writable_page_tables|pae_pgdir_above_4gb"));
	/* Its layout in a 256 MiB domain (issue 17's size): the entry
	 * reaches the kernel's bytes through the built tables. */
	uint64_t big = 256ull << 20;
	uint8_t *dom = aligned_alloc(4096, big);
	struct pv_build_req req = {
		.mem_maddr = MADDR,
		.mem_size = big,
		.mem_host = dom,
		.kernel = &in,
		.install_hv_slots = fake_install_hv_slots,
	};
	EXPECT(dom && pv_build(&req, &res) == 0);
	if (dom && !res.why) {
		uint64_t t = res.cr3, va = res.rip;
		for (int shift = 39; shift >= 12 && t; shift -= 9) {
			uint64_t e = ((
				uint64_t *)(dom +
					    (t - MADDR)))[(va >> shift) & 511];
			t = (e & PV_PTE_P) ? (e & PV_PTE_ADDR) : 0;
		}
		EXPECT(t == MADDR + ((res.rip - VBASE) & ~0xfffull));
		EXPECT_EQ(res.kernel_pfn, 0x1000); /* paddr 16 MiB */
		EXPECT_EQ(res.nr_p2m_frames, 128 + 3);
		EXPECT(res.v_end - VBASE < big);
	}
	free(dom);
	free(buf);
}

int main(int argc, char **argv)
{
	mem = aligned_alloc(4096, MEMSZ);
	RUN("pvboot", parse_synthetic_kernel);
	RUN("pvboot", refuse_bad_images);
	RUN("pvboot", build_layout_and_tables);
	RUN("pvboot", build_p2m_in_bootstrap_without_init_p2m);
	RUN("pvboot", build_refuses_what_does_not_fit);
	if (argc > 1) {
		real_path = argv[1];
		RUN("pvboot", real_vmlinux_notes);
	}
	free(mem);
	return harness_failed ? 1 : 0;
}
