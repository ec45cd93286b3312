/* insn-profile: a QEMU TCG plugin counting, per guest virtual address, the
 * instructions executed between a marker "open" and a marker "close" (the
 * addresses of two functions; guest/suite/bench.c calls them around each
 * timed loop). Every instruction gets an inline add to its own counter
 * (exact, and cheap: no callback per instruction); the two marker
 * instructions get a callback that snapshots the counters (open) or writes
 * the difference (close) as one window to the output file:
 *     window <n>
 *     <vaddr hex> <count>      (one line per address executed in it)
 * Addresses of every CPU and address space are summed: under -icount the
 * virtual clock counts them all. build/profile/profile.py maps addresses
 * to functions. Arguments: open=<hex>,close=<hex>,out=<file>. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu-plugin-abi.h"

PLUGIN_EXPORT int qemu_plugin_version = PLUGIN_API_VERSION;

#define SLOTS (1u << 20) /* distinct instruction addresses, power of 2 */

static uint64_t *addr;	 /* slot -> vaddr + 1 (0 = free) */
static uint64_t *count;	 /* slot -> executions; inline ops point here */
static uint64_t *opened; /* count[] when the window opened */
static uint64_t open_pc, close_pc;
static unsigned used, windows;
static int is_open;
static FILE *out;

static unsigned slot_of(uint64_t va)
{
	unsigned h =
		(unsigned)((va * 0x9e3779b97f4a7c15ull) >> 44) & (SLOTS - 1);
	while (addr[h] && addr[h] != va + 1)
		h = (h + 1) & (SLOTS - 1);
	if (!addr[h]) {
		if (++used > SLOTS / 2) {
			fprintf(stderr,
				"insn-profile: more than %u addresses\n",
				SLOTS / 2);
			exit(1);
		}
		addr[h] = va + 1;
	}
	return h;
}

static void on_open(unsigned vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	memcpy(opened, count, SLOTS * sizeof(*count));
	is_open = 1;
}

static void on_close(unsigned vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	if (!is_open)
		return;
	is_open = 0;
	fprintf(out, "window %u\n", windows++);
	for (unsigned i = 0; i < SLOTS; i++)
		if (count[i] != opened[i])
			fprintf(out, "%" PRIx64 " %" PRIu64 "\n", addr[i] - 1,
				count[i] - opened[i]);
	fflush(out);
}

static void on_translate(plugin_id id, struct qemu_plugin_tb *tb)
{
	(void)id;
	size_t n = qemu_plugin_tb_n_insns(tb);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		qemu_plugin_register_vcpu_insn_exec_inline(
			insn, INLINE_ADD_U64, &count[slot_of(va)], 1);
		if (va == open_pc)
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_open, CB_NO_REGS, NULL);
		if (va == close_pc)
			qemu_plugin_register_vcpu_insn_exec_cb(
				insn, on_close, CB_NO_REGS, NULL);
	}
}

static void at_exit(plugin_id id, void *udata)
{
	(void)id;
	(void)udata;
	fprintf(out, "end %u\n", windows);
	fclose(out);
}

PLUGIN_EXPORT int qemu_plugin_install(plugin_id id, const void *info, int argc,
				      char **argv)
{
	const char *path = NULL;
	(void)info;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "open=", 5))
			open_pc = strtoull(argv[i] + 5, NULL, 16);
		else if (!strncmp(argv[i], "close=", 6))
			close_pc = strtoull(argv[i] + 6, NULL, 16);
		else if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
	}
	if (!open_pc || !close_pc || !path) {
		fprintf(stderr, "insn-profile: needs open=,close=,out=\n");
		return 1;
	}
	out = fopen(path, "w");
	addr = calloc(SLOTS, sizeof(*addr));
	count = calloc(SLOTS, sizeof(*count));
	opened = calloc(SLOTS, sizeof(*opened));
	if (!out || !addr || !count || !opened) {
		fprintf(stderr, "insn-profile: cannot open %s or allocate\n",
			path);
		return 1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
