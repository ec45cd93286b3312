/* The built-in guest image and this hypervisor image's configuration
 * device tree (one larch-<config>.elf per config), for every backend that
 * includes build/images.mk. */
	.section .rodata
	.balign 16
	.global guest_suite_start, guest_suite_end
guest_suite_start:
	.incbin GUEST_BIN
guest_suite_end:
	.balign 16
#ifdef PVTEST_ELF
	/* x86: larch's PV test kernel, an ELF with Xen notes */
	.global guest_pvtest_start, guest_pvtest_end
guest_pvtest_start:
	.incbin PVTEST_ELF
guest_pvtest_end:
	.balign 16
#endif
	.global config_dtb
config_dtb:
	.incbin CONFIG_DTB
	.balign 16
#if defined(__linux__) && defined(__ELF__)
	.section .note.GNU-stack, "", %progbits
#endif
