/* The part of QEMU's TCG plugin interface (API version 1, QEMU 6.0-8.x)
 * that insn-profile.c uses. Debian packages no qemu-plugin.h, so these are
 * written from the documented interface: QEMU resolves these functions in
 * its own binary when it dlopen()s the plugin, and reads the plugin's
 * qemu_plugin_version and qemu_plugin_install. Opaque handles stay opaque;
 * qemu_info_t is not read. */
#ifndef QEMU_PLUGIN_ABI_H
#define QEMU_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#define PLUGIN_API_VERSION 1
#define PLUGIN_EXPORT	   __attribute__((visibility("default")))

typedef uint64_t plugin_id;
struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum { CB_NO_REGS = 0 };     /* enum qemu_plugin_cb_flags */
enum { INLINE_ADD_U64 = 0 }; /* enum qemu_plugin_op */

typedef void (*tb_trans_cb)(plugin_id id, struct qemu_plugin_tb *tb);
typedef void (*vcpu_udata_cb)(unsigned vcpu_index, void *udata);
typedef void (*udata_cb)(plugin_id id, void *udata);

void qemu_plugin_register_vcpu_tb_trans_cb(plugin_id id, tb_trans_cb cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *
qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
						int op, void *ptr,
						uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    vcpu_udata_cb cb, int flags,
					    void *udata);
void qemu_plugin_register_atexit_cb(plugin_id id, udata_cb cb, void *udata);

#endif
