package dev.mnemos.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServeSwitchTest {

    @Test
    void should_leave_the_http_host_disabled_when_the_command_is_not_serve() {
        assertThat(ServeSwitch.properties()).isEmpty();
        assertThat(ServeSwitch.properties("--help")).isEmpty();
        assertThat(ServeSwitch.properties("chat", "--model", "m.gguf")).isEmpty();
        assertThat(ServeSwitch.properties("generate", "serve")).isEmpty();
        assertThat(ServeSwitch.properties("serve", "--help")).isEmpty();
        assertThat(ServeSwitch.properties("serve", "--port", "9001", "-V")).isEmpty();
    }

    @Test
    void should_enable_the_http_host_on_the_given_address_when_the_command_is_serve() {
        assertThat(ServeSwitch.properties("serve")).containsEntry("quarkus.http.host-enabled", "true")
                .containsEntry("quarkus.http.port", "8283").containsEntry("quarkus.http.host", "127.0.0.1");
        assertThat(ServeSwitch.properties("serve", "--port", "9001", "--host", "0.0.0.0", "--data-dir", "d", "--model", "m.gguf"))
                .containsEntry("quarkus.http.port", "9001").containsEntry("quarkus.http.host", "0.0.0.0")
                .containsEntry("mnemos.serve.data-dir", "d").containsEntry("mnemos.serve.model", "m.gguf");
        assertThat(ServeSwitch.properties("serve")).as("the model runs on the CPU unless asked").containsEntry("mnemos.serve.device", "cpu");
        assertThat(ServeSwitch.properties("serve", "--device", "auto")).containsEntry("mnemos.serve.device", "auto");
    }

    @Test
    void should_give_nothing_when_the_serve_options_do_not_parse() {
        assertThat(ServeSwitch.properties("serve", "--port", "many")).isEmpty();
    }
}
