#include "harness.h"
HARNESS_DEFINE("host");
int main(void){return 0;}
