package io.decant.examples.orders;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/orders")
public class OrderController {
    private final OrderService service;

    public OrderController(OrderService service) {
        this.service = service;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Order place(@RequestParam long customer, @RequestParam long totalCents) {
        return service.place(customer, totalCents);
    }

    @PostMapping("/{id}/pay")
    public ResponseEntity<Order> pay(@PathVariable long id) {
        return ResponseEntity.of(service.pay(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void cancel(@PathVariable long id) {
        service.cancel(id);
    }

    @GetMapping("/{id}")
    public ResponseEntity<Order> find(@PathVariable long id) {
        return ResponseEntity.of(service.find(id));
    }

    @GetMapping
    public List<Order> ofCustomer(@RequestParam long customer) {
        return service.ofCustomer(customer);
    }
}
