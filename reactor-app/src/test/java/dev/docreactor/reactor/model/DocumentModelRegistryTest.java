package dev.docreactor.reactor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentModelRegistryTest {

    private static final String SERVICE_FILE = "META-INF/services/" + DocumentModel.class.getName();

    /** A model for tests; public with a no-argument constructor so that ServiceLoader can create it. */
    public static class CounterModel implements DocumentModel {
        @Override
        public String type() {
            return "counter";
        }

        @Override
        public List<String> actionTypes() {
            return List.of("INCREMENT");
        }

        @Override
        public JsonNode initialState(String scope) {
            return NullNode.getInstance();
        }

        @Override
        public Reduction reduce(JsonNode state, String actionType, JsonNode input, String scope) {
            return Reduction.rejected("not implemented in this test model");
        }
    }

    /** A model that claims the type of a built-in one. */
    public static class AnotherJsonModel extends CounterModel {
        @Override
        public String type() {
            return "json";
        }
    }

    /** A model without a type name. */
    public static class BlankTypeModel extends CounterModel {
        @Override
        public String type() {
            return " ";
        }
    }

    /** A class loader that sees the test class path plus a service file listing {@code providers}. */
    private static URLClassLoader loaderWithServiceFile(Path dir, Class<?>... providers) throws IOException {
        Path file = dir.resolve(SERVICE_FILE);
        Files.createDirectories(file.getParent());
        StringBuilder lines = new StringBuilder();
        for (Class<?> provider : providers) {
            lines.append(provider.getName()).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, DocumentModelRegistryTest.class.getClassLoader());
    }

    @Test
    void shouldDiscoverBuiltInModelsWithServiceLoader() {
        DocumentModelRegistry registry = new DocumentModelRegistry();

        assertThat(registry.types()).as("registered types").contains("json", "todo-list");
        assertThat(registry.find("json")).as("json model").get().isInstanceOf(JsonDocumentModel.class);
        assertThat(registry.find("todo-list")).as("todo-list model").get().isInstanceOf(TodoListModel.class);
    }

    @Test
    void shouldDiscoverModelsThroughTheGivenClassLoader(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServiceFile(dir, CounterModel.class)) {
            DocumentModelRegistry registry = new DocumentModelRegistry(loader);

            assertThat(registry.types()).as("types seen through the class loader").contains("counter", "json", "todo-list");
            assertThat(registry.require("counter")).as("extra model").isInstanceOf(CounterModel.class);
        }
        assertThat(new DocumentModelRegistry(getClass().getClassLoader()).find("counter"))
                .as("extra model through the plain class loader")
                .isEmpty();
    }

    @Test
    void shouldUseTheThreadContextClassLoaderByDefault(@TempDir Path dir) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader loader = loaderWithServiceFile(dir, CounterModel.class)) {
            thread.setContextClassLoader(loader);

            assertThat(new DocumentModelRegistry().find("counter")).as("model seen through the context class loader").isPresent();
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void shouldListModelsSortedByType() {
        DocumentModelRegistry registry = DocumentModelRegistry.of(new TodoListModel(), new CounterModel(), new JsonDocumentModel());

        assertThat(registry.models()).as("models").extracting(DocumentModel::type).containsExactly("counter", "json", "todo-list");
        assertThat(registry.types()).as("types").containsExactly("counter", "json", "todo-list");
    }

    @Test
    void shouldFindOnlyRegisteredTypes() {
        DocumentModelRegistry registry = DocumentModelRegistry.of(new JsonDocumentModel());

        assertThat(registry.find("json")).as("registered type").isPresent();
        assertThat(registry.find("todo-list")).as("type not registered").isEmpty();
        assertThat(registry.find(null)).as("null type").isEmpty();
    }

    @Test
    void shouldRequireKnownTypeOrListRegisteredTypes() {
        DocumentModelRegistry registry = DocumentModelRegistry.of(new TodoListModel(), new JsonDocumentModel());

        assertThat(registry.require("todo-list")).as("required model").isInstanceOf(TodoListModel.class);
        assertThatThrownBy(() -> registry.require("spreadsheet"))
                .as("unknown type")
                .isInstanceOf(UnknownDocumentTypeException.class)
                .hasMessage("unknown document type 'spreadsheet'; registered types: [json, todo-list]")
                .satisfies(e -> {
                    UnknownDocumentTypeException unknown = (UnknownDocumentTypeException) e;
                    assertThat(unknown.type()).as("exception type").isEqualTo("spreadsheet");
                    assertThat(unknown.registeredTypes()).as("exception registered types").containsExactly("json", "todo-list");
                });
    }

    @Test
    void shouldRejectDuplicateTypeNamingBothClasses() {
        assertThatThrownBy(() -> DocumentModelRegistry.of(new JsonDocumentModel(), new AnotherJsonModel()))
                .as("two models of type json")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'json'")
                .hasMessageContaining(JsonDocumentModel.class.getName())
                .hasMessageContaining(AnotherJsonModel.class.getName());
    }

    @Test
    void shouldRejectDuplicateTypeFoundByServiceLoader(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = loaderWithServiceFile(dir, AnotherJsonModel.class)) {
            assertThatThrownBy(() -> new DocumentModelRegistry(loader))
                    .as("a provider on the class path that duplicates a built-in type")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(JsonDocumentModel.class.getName())
                    .hasMessageContaining(AnotherJsonModel.class.getName());
        }
    }

    @Test
    void shouldRejectModelWithoutType() {
        assertThatThrownBy(() -> DocumentModelRegistry.of(new BlankTypeModel()))
                .as("blank type")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(BlankTypeModel.class.getName());
    }
}
