fn main() -> std::process::ExitCode {
    acr_health::main()
}
