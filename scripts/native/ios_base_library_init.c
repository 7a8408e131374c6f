/* GCC 13's libstdc++ calls std::ios_base_library_init() from every translation unit that includes
   <iostream>; the function itself does nothing (the streams are set up by libstdc++'s own init). Older
   libstdc++ (Debian 12: GLIBCXX_3.4.30) lacks it, so we provide the empty definition. */
void _ZSt21ios_base_library_initv(void) {}
