# The gdb run shown in docs/debugging.md (make debug ARCH=arm CONFIG=pingpong
# GDB_SCRIPT=build/debug-example.gdb GDB_BATCH=y): stop where larch
# delivers an upcall and read the vCPU's mask through the accessor, before
# and after delivery.
break leave_hypervisor
continue
bt
delete
break arch_deliver_upcall
continue
set $v = v
print $v->domain->name
print $v->vcpu_id
print/x $v->arch.regs.spsr
set scheduler-locking on
print debug_vcpu_irq_masked($v)
print debug_vcpu_upcall_pending($v)
finish
print/x $v->arch.regs.spsr
print debug_vcpu_irq_masked($v)
# The guest's side: its symbols, its upcall handler (the IRQ masked it).
delete
add-symbol-file build/out/arm/guest/suite.elf
break evtchn_do_upcall
continue
bt 3
# Back in larch at the handler's next hypercall: the mask, now set.
delete
break do_hypercall if v == $v
continue
print/x $v->arch.regs.spsr
print debug_vcpu_irq_masked($v)
