/* Xen's PV ELF note ABI: the note types a PV kernel's "Xen" notes carry and
 * the XENFEAT_* bit numbers its FEATURES string names (Xen's numbers). */
#ifndef LARCH_PUBLIC_ELFNOTE_H
#define LARCH_PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO	       0
#define XEN_ELFNOTE_ENTRY	       1
#define XEN_ELFNOTE_HYPERCALL_PAGE     2
#define XEN_ELFNOTE_VIRT_BASE	       3
#define XEN_ELFNOTE_PADDR_OFFSET       4
#define XEN_ELFNOTE_XEN_VERSION	       5
#define XEN_ELFNOTE_GUEST_OS	       6
#define XEN_ELFNOTE_GUEST_VERSION      7
#define XEN_ELFNOTE_LOADER	       8
#define XEN_ELFNOTE_PAE_MODE	       9
#define XEN_ELFNOTE_FEATURES	       10
#define XEN_ELFNOTE_BSD_SYMTAB	       11
#define XEN_ELFNOTE_HV_START_LOW       12
#define XEN_ELFNOTE_L1_MFN_VALID       13
#define XEN_ELFNOTE_SUSPEND_CANCEL     14
#define XEN_ELFNOTE_INIT_P2M	       15
#define XEN_ELFNOTE_MOD_START_PFN      16
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17
#define XEN_ELFNOTE_PHYS32_ENTRY       18
#define XEN_ELFNOTE_MAX		       18

/* XENFEAT_* bits (Xen's public features.h), named in the FEATURES note. */
#define XENFEAT_writable_page_tables	   0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap	   2
#define XENFEAT_supervisor_mode_kernel	   3
#define XENFEAT_pae_pgdir_above_4gb	   4
#define XENFEAT_mmu_pt_update_preserve_ad  5
#define XENFEAT_gnttab_map_avail_bits	   7
#define XENFEAT_hvm_callback_vector	   8
#define XENFEAT_hvm_safe_pvclock	   9
#define XENFEAT_hvm_pirqs		   10
#define XENFEAT_dom0			   11
#define XENFEAT_grant_map_identity	   12
#define XENFEAT_memory_op_vnode_supported  13
#define XENFEAT_linux_rsdp_unrestricted	   15

#endif
