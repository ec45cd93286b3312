# The test guests: guest/lib and guest/suite are common, guest/arch/<arch>
# holds entry, traps, the hypercall instruction and the irq accessors.
# An arch.mk includes this and links $(GUEST_OBJS) with its own objects.
GUEST_COMMON_SRCS := $(wildcard guest/lib/*.c) $(wildcard guest/suite/*.c) common/format.c
GUEST_CFLAGS = $(CFLAGS) -Iguest/include
GUEST_OBJS := $(patsubst %.c,$(OUT)/guest-obj/%.o,$(GUEST_COMMON_SRCS))

$(OUT)/guest-obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(OUT)/guest-obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@
